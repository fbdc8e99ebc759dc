internal import Model
internal import Content
internal import Status

/// Turns incidents and maintenance windows into feed entries, and names into the words readers see.
///
/// Entries (one per incident update, one per maintenance announcement and one per maintenance update):
/// - An incident update is titled `[Status] title` and dated at its `at`.
/// - A maintenance window is announced by a `[Scheduled] title` entry holding the window's description.
///   It is dated at the window's first update when it has updates (and absorbs that update when its status
///   is `scheduled`, so the announcement is not shown twice); without updates it is dated at the window's
///   `start`. The snapshot has no commit times, and `start` is the one time the file gives that never
///   changes by itself: a window without updates therefore appears in readers, dated in the future, as
///   soon as it is published.
/// - Every other maintenance update is `[Status] title` dated at its `at`.
///
/// Ids are RFC 4151 tag URIs made only of permanent content: the page's host, the date in the file's
/// id (which is its file name) and the update's position, e.g.
/// `tag:status.example.org,2026-11-20:incident/2026-11-20-sequencer-latency/update/1`. Updates are only
/// ever appended, so positions do not move. A page URL with no usable DNS host falls back to
/// `urn:canton-status:…` ids of the same shape.
struct FeedEntryBuilder: Sendable {
    var baseURL: String
    var host: String?
    var environmentNames: [String: String]
    var componentNames: [String: String]

    init(snapshot: StatusSnapshot) {
        baseURL = snapshot.page.url
        host = Self.host(of: snapshot.page.url)
        var environmentNames: [String: String] = [:]
        var componentNames: [String: String] = [:]
        for status in snapshot.environments {
            environmentNames[status.environment.id.value] = status.environment.name
            for component in status.components {
                componentNames[component.component.id.value] = component.component.name
            }
        }
        self.environmentNames = environmentNames
        self.componentNames = componentNames
    }

    // MARK: Entries

    func entries(for incident: Incident) -> [FeedEntry] {
        let link = SitePaths.absolute(SitePaths.incident(incident.id), base: baseURL)
        let environments = incident.environments.map(\.value)
        let components = incident.impact.map(\.component.value)
        let ids = EntryIDs(self, kind: .incident, sourceID: incident.id)
        return incident.updates.enumerated().map { index, update in
            let status = update.status.rawValue
            return FeedEntry(
                id: ids.id(suffix: "update/\(index)", date: update.at.value),
                title: "[\(Wording.label(status))] \(incident.title.value)",
                link: link,
                date: update.at.value,
                kind: .incident, status: status, environmentIDs: environments, componentIDs: components,
                sourceID: incident.id, index: index,
                // Only the newest entries are shown, so the details are worded only for those.
                renderContent: {
                    Self.html(update.text.value) + detailsHTML([
                        ("Status", Wording.label(status)),
                        ("Impact", impactText(incident)),
                        ("Networks", networksText(environments)),
                    ])
                })
        }
    }

    func entries(for window: Maintenance) -> [FeedEntry] {
        let link = SitePaths.absolute(SitePaths.maintenance(window.id), base: baseURL)
        let environments = window.environments.map(\.value)
        let components = window.components.map(\.value)
        let ids = EntryIDs(self, kind: .maintenance, sourceID: window.id)
        func entry(status: String, suffix: String, index: Int, date: Timestamp, html: @escaping @Sendable () -> String) -> FeedEntry {
            FeedEntry(
                id: ids.id(suffix: suffix, date: date),
                title: "[\(Wording.label(status))] \(window.title.value)",
                link: link, date: date,
                kind: .maintenance, status: status, environmentIDs: environments, componentIDs: components,
                sourceID: window.id, index: index,
                renderContent: { html() + detailsHTML(maintenanceDetails(window, status: status)) })
        }
        let announcementAbsorbsFirstUpdate = window.updates.first?.status == .scheduled
        let absorbed = announcementAbsorbsFirstUpdate ? window.updates.first?.text.value : nil
        var entries = [entry(
            status: MaintenanceStatus.scheduled.rawValue, suffix: "scheduled", index: -1,
            date: window.updates.first?.at.value ?? window.start.value,
            html: { (absorbed.map(Self.html) ?? "") + Self.html(window.description.value) })]
        for (index, update) in window.updates.enumerated() where !(index == 0 && announcementAbsorbsFirstUpdate) {
            entries.append(entry(
                status: update.status.rawValue, suffix: "update/\(index)", index: index, date: update.at.value,
                html: { Self.html(update.text.value) }))
        }
        return entries
    }

    /// Safe HTML of operator Markdown. The text is cleaned first, so a direction override is closed at
    /// the end of its own line, inside the paragraph, rather than after the HTML around it.
    static func html(_ markdown: String) -> String {
        MarkdownDocument(FeedText.clean(markdown)).html()
    }

    // MARK: Words

    func environmentName(_ id: String) -> String { environmentNames[id] ?? id }
    func componentName(_ id: String) -> String { componentNames[id] ?? id }

    func networksText(_ environmentIDs: [String]) -> String {
        environmentIDs.map(environmentName).joined(separator: ", ")
    }

    /// `Sequencers: partial outage, Scan API: degraded performance`.
    func impactText(_ incident: Incident) -> String {
        guard !incident.impact.isEmpty else { return "None declared" }
        return incident.impact
            .map { "\(componentName($0.component.value)): \($0.state.phrase)" }
            .joined(separator: ", ")
    }

    /// Label and plain-text value pairs describing a window, shared by feed entries and calendar events.
    func maintenanceDetails(_ window: Maintenance, status: String?) -> [(String, String)] {
        var details: [(String, String)] = []
        if let status { details.append(("Status", Wording.label(status))) }
        details.append(("When", FeedTime.readable(from: window.start.value, to: window.end.value)))
        details.append(("Expected impact", window.impact.value.label))
        details.append(("Components", window.components.map { componentName($0.value) }.joined(separator: ", ")))
        details.append(("Networks", networksText(window.environments.map(\.value))))
        if !window.references.isEmpty { details.append(("References", window.references.joined(separator: ", "))) }
        return details
    }

    /// `<ul><li><strong>Label:</strong> value</li>…</ul>`, every value escaped.
    func detailsHTML(_ details: [(String, String)]) -> String {
        let items = details.map { label, value in
            "<li><strong>\(FeedText.escaped(label)):</strong> \(FeedText.escaped(value))</li>\n"
        }
        return "<ul>\n" + items.joined() + "</ul>\n"
    }

    // MARK: Ids

    func entryID(kind: FeedEntry.Kind, sourceID: String, suffix: String, date: Timestamp) -> String {
        EntryIDs(self, kind: kind, sourceID: sourceID).id(suffix: suffix, date: date)
    }

    /// The ids of one incident's or window's entries, which differ only in their suffix: the shared
    /// part is worked out once, not once per update.
    struct EntryIDs {
        let prefix: String
        /// `tag:host,day:` when the source id starts with its day, as it does after validation.
        let fixedDay: String?
        /// Nil when the page URL has no DNS host a tag URI may use.
        let tagHost: String?

        init(_ builder: FeedEntryBuilder, kind: FeedEntry.Kind, sourceID: String) {
            let path = "\(kind.rawValue)/\(FeedEntryBuilder.percentEncoded(sourceID))/"
            guard let host = builder.host else {
                prefix = "urn:canton-status:\(path)"
                fixedDay = nil
                tagHost = nil
                return
            }
            // The id's own date is permanent (it is the file name); the update's day only backs up an
            // id that does not start with one, which validation reports anyway.
            let idDay = String(sourceID.prefix(10))
            prefix = path
            fixedDay = FeedEntryBuilder.isDay(idDay) ? "tag:\(host),\(idDay):" : nil
            tagHost = host
        }

        func id(suffix: String, date: Timestamp) -> String {
            guard let tagHost else { return prefix + suffix }
            return (fixedDay ?? "tag:\(tagHost),\(date.utcDay):") + prefix + suffix
        }
    }

    /// Calendar UIDs: `<maintenance-id>@<host>`, the same in every calendar that holds the window.
    func calendarUID(_ window: Maintenance) -> String {
        "\(Self.percentEncoded(window.id))@\(host ?? "canton-status")"
    }

    /// The lowercase DNS host of an absolute URL, or nil when there is none a tag URI may use.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host = authority.prefix { $0 != ":" }.lowercased()
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !host.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
        }
        return valid ? host : nil
    }

    fileprivate static func isDay(_ text: String) -> Bool {
        guard case .success = Timestamp.parse(text + "T00:00Z") else { return false }
        return text.count == 10
    }

    /// Ids are kebab-case after validation; anything else is percent-encoded so the URI stays valid.
    static func percentEncoded(_ text: String) -> String {
        func unreserved(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
        }
        if text.utf8.allSatisfy(unreserved) { return text }
        var result = ""
        for byte in text.utf8 {
            if unreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
