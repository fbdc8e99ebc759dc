internal import Model
public import Status

/// Every feed and calendar of the site, rendered from one snapshot.
///
/// Feeds (Atom, RSS 2.0 and JSON Feed 1.1) exist for the whole site, for each network, and for each
/// component on each network it is shown on; each holds the newest `Feed.maximumEntries` entries
/// (see `FeedEntryBuilder` for what an entry is). Calendars of maintenance windows exist for the whole
/// site and for each network; they hold every window, cancelled ones included (as `STATUS:CANCELLED`,
/// so subscribed clients remove them).
///
/// Output depends only on the snapshot: no build clock, everything sorted, so the same content gives the
/// same bytes and a static host serves unchanged feeds as unchanged.
public enum FeedRenderer {
    /// Every feed and calendar file of the site: Atom + RSS 2.0 + JSON Feed 1.1 for the whole site,
    /// per environment and per component on each environment; iCalendar of maintenance windows for the
    /// whole site and per environment. Sorted by path.
    public static func render(_ snapshot: StatusSnapshot) -> [OutputFile] {
        let builder = FeedEntryBuilder(snapshot: snapshot)
        let unsorted = snapshot.incidents.flatMap(builder.entries(for:)) + snapshot.maintenance.flatMap(builder.entries(for:))
        let entries = unsorted.sorted(onKey: FeedEntry.order, by: >)
        var files = ParallelMap.map(withContent(feeds(snapshot, entries: entries))) { feed in
            [OutputFile(path: feed.path(.atom), text: AtomFeed.render(feed)),
             OutputFile(path: feed.path(.rss), text: RSSFeed.render(feed)),
             OutputFile(path: feed.path(.json), text: JSONFeed.render(feed))]
        }.flatMap { $0 }
        for calendar in calendars(snapshot, builder: builder) {
            files.append(OutputFile(path: calendar.path, text: calendar.calendar.render()))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Renders the content of every entry some feed shows, once each, however many feeds share it.
    static func withContent(_ feeds: [Feed]) -> [Feed] {
        var shown: [String: FeedEntry] = [:]
        for feed in feeds {
            for entry in feed.entries { shown[entry.id] = entry }
        }
        let rendered = Dictionary(uniqueKeysWithValues: ParallelMap.map(shown.values.sorted { $0.id < $1.id }) { entry in
            (entry.id, entry.renderContent())
        })
        return feeds.map { feed in
            var feed = feed
            feed.entries = feed.entries.map { entry in
                var entry = entry
                entry.contentHTML = rendered[entry.id] ?? entry.renderContent()
                return entry
            }
            return feed
        }
    }

    static func feeds(_ snapshot: StatusSnapshot, entries: [FeedEntry]) -> [Feed] {
        let pageTitle = snapshot.page.title
        let base = snapshot.page.url
        func feed(_ scope: Feed.Scope, title: String, description: String, page: String) -> Feed {
            let selected = Array(entries.lazy.filter { $0.belongs(to: scope) }.prefix(Feed.maximumEntries))
            return Feed(
                scope: scope, title: title, description: description,
                homePageURL: SitePaths.absolute(page, base: base), baseURL: base, author: pageTitle,
                entries: selected, updated: selected.first?.date ?? snapshot.now)
        }
        var feeds = [feed(
            .site, title: pageTitle,
            description: snapshot.page.description ?? "Incidents and maintenance on the Canton Network",
            page: SitePaths.overview)]
        for status in snapshot.environments {
            let environment = status.environment
            let environmentID = environment.id.value
            feeds.append(feed(
                .environment(environmentID), title: "\(pageTitle): \(environment.name)",
                description: "Incidents and maintenance on \(environment.name)",
                page: SitePaths.environment(environmentID)))
            for component in status.components.map(\.component) {
                let componentID = component.id.value
                feeds.append(feed(
                    .component(componentID, environment: environmentID),
                    title: "\(pageTitle): \(component.name) on \(environment.name)",
                    description: "Incidents and maintenance affecting \(component.name) on \(environment.name)",
                    page: SitePaths.component(componentID, in: environmentID)))
            }
        }
        return feeds
    }

    static func calendars(
        _ snapshot: StatusSnapshot, builder: FeedEntryBuilder
    ) -> [(path: String, calendar: ICalendar)] {
        // `snapshot.maintenance` is already in calendar order: by start, then id.
        let events = snapshot.maintenance.map { (window: $0, event: ICalendar.Event($0, builder: builder)) }
        let title = snapshot.page.title
        var calendars = [(
            path: SitePaths.calendar(),
            calendar: ICalendar(
                name: "\(title): maintenance", description: "Maintenance windows on the Canton Network",
                events: events.map(\.event)))]
        for status in snapshot.environments {
            let environment = status.environment
            let id = environment.id.value
            calendars.append((
                path: SitePaths.calendar(environmentID: id),
                calendar: ICalendar(
                    name: "\(title): \(environment.name) maintenance",
                    description: "Maintenance windows on \(environment.name)",
                    events: events.filter { $0.window.environments.contains { $0.value == id } }.map(\.event))))
        }
        return calendars
    }
}
