internal import Model

/// One item of a feed: an incident update, a maintenance announcement or a maintenance update.
///
/// Built once per item and shared by every feed (site, network, component) and format that shows it, so
/// the same item has the same id, title and content everywhere and readers that merge feeds drop
/// duplicates. Strings are raw text; each format escapes them when writing.
struct FeedEntry: Sendable {
    enum Kind: String, Sendable, Comparable {
        case incident, maintenance
        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Permanent id derived from content only (see `FeedEntryBuilder.entryID`), never from build time.
    var id: String
    /// `[Resolved] Elevated sequencer latency`.
    var title: String
    /// Absolute URL of the incident or maintenance page.
    var link: String
    /// When the update was posted; feeds show it as both published and updated.
    var date: Timestamp
    /// Safe HTML: the update's Markdown rendered by `MarkdownDocument`, then status, impact and networks,
    /// all content text escaped. Empty until `withContent()`: feeds show only their newest entries, so
    /// rendering the Markdown of every update up front would dominate the build of a long history.
    var contentHTML = ""
    var kind: Kind
    /// The status word's id: `resolved`, `in-progress`, `scheduled`.
    var status: String
    var environmentIDs: [String]
    var componentIDs: [String]
    /// The incident or maintenance id.
    var sourceID: String
    /// The update's position in its file, oldest first; -1 for a maintenance announcement.
    var index: Int
    /// Renders `contentHTML` on demand.
    let renderContent: @Sendable () -> String

    /// What feeds sort by, largest first: newest first; ties (two updates in the same second)
    /// broken by content, never by input order, so output does not depend on how files were listed.
    static func order(_ entry: FeedEntry) -> (Timestamp, Kind, String, Int) {
        (entry.date, entry.kind, entry.sourceID, entry.index)
    }

    /// Categories for readers that filter: the kind, the status, then networks and components.
    var categories: [String] {
        [kind.rawValue, status] + environmentIDs + componentIDs
    }

    func belongs(to scope: Feed.Scope) -> Bool {
        switch scope {
        case .site: true
        case .environment(let environment): environmentIDs.contains(environment)
        case .component(let component, let environment):
            environmentIDs.contains(environment) && componentIDs.contains(component)
        }
    }
}
