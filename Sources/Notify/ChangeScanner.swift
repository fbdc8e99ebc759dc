public import Model
public import Content
internal import Validation

/// Finds the events between two revisions: the first step of `notify`.
///
/// Only what changed is read: libgit2 compares the two trees by id and hands over the changed blobs,
/// so a repository with ten thousand incidents costs what its three changed files cost. The
/// configuration (targets, names, the page URL) and the clock-driven maintenance windows come from
/// the later revision.
public struct ChangeScanner<Revisions: RevisionReader>: Sendable {
    public var revisions: Revisions
    public var now: Timestamp
    public var maximumAge: Int64

    public init(revisions: Revisions, now: Timestamp, maximumAge: Int64 = EventDetector.defaultMaximumAge) {
        self.revisions = revisions
        self.now = now
        self.maximumAge = maximumAge
    }

    public struct Scan: Sendable {
        /// `nil` when the range starts before the first commit.
        public var from: String?
        public var to: String
        public var configuration: Configuration?
        public var events: [NotificationEvent]
        /// Files at `to` that could not be read, and a broken `components.yml`. Errors here mean
        /// `main` holds content `validate` would refuse.
        public var diagnostics: [Diagnostic]
    }

    /// `from`: an explicit revision, else the ledger's cursor, else `to`'s first parent.
    public func scan(from: String?, to: String, cursor: String?) throws(EnvironmentError) -> Scan {
        let toCommit = try revisions.commit(to)
        let fromCommit: String?
        if let from {
            fromCommit = try revisions.commit(from)
        } else if let cursor {
            // A cursor that no longer resolves (history rewritten, a shallow clone) must not quietly
            // become `--to`'s parent: the commits between would never be announced.
            guard let known = try? revisions.commit(cursor) else {
                throw EnvironmentError("the ledger's cursor \(cursor.prefix(12)) is not a commit in this repository",
                                       path: NotificationLedger.path,
                                       hint: "fetch the full history (CI: fetch-depth: 0), or start from the last revision that was notified",
                                       remedy: .chooseEarlierRevision)
            }
            fromCommit = known
        } else {
            fromCommit = try revisions.firstParent(of: toCommit)
        }
        var scan = Scan(from: fromCommit, to: toCommit, configuration: nil, events: [], diagnostics: [])
        guard let configurationBytes = try revisions.file("components.yml", at: toCommit) else {
            throw EnvironmentError("no components.yml at \(to)", hint: "run notify in a canton-status repository")
        }
        let parsedConfiguration = ContentParser.configuration(configurationBytes)
        scan.diagnostics += parsedConfiguration.diagnostics
        guard let configuration = parsedConfiguration.document, parsedConfiguration.errors.isEmpty else { return scan }
        scan.configuration = configuration

        var incidentChanges: [EventDetector.Change<Incident>] = []
        var maintenanceChanges: [EventDetector.Change<Maintenance>] = []
        var newWindows: [String: Maintenance] = [:]
        let changes = fromCommit == toCommit ? [] : try revisions.changes(from: fromCommit, to: toCommit, under: ["incidents", "maintenance"])
        for change in changes where Self.isContentFile(change.path) {
            if change.path.hasPrefix("incidents/") {
                let old = change.oldBytes.flatMap { ContentParser.incident($0, path: change.path).document }
                let new = change.newBytes.flatMap { parse(ContentParser.incident($0, path: change.path), into: &scan) }
                incidentChanges.append(.init(old: old, new: new))
            } else {
                let old = change.oldBytes.flatMap { ContentParser.maintenance($0, path: change.path).document }
                let new = change.newBytes.flatMap { parse(ContentParser.maintenance($0, path: change.path), into: &scan) }
                if let new { newWindows[new.path] = new }
                maintenanceChanges.append(.init(old: old, new: new))
            }
        }
        let currentWindows = try windowsNearNow(at: toCommit, alreadyRead: newWindows, scan: &scan)
        scan.events = EventDetector(configuration: configuration, now: now, maximumAge: maximumAge)
            .events(incidents: incidentChanges, maintenance: maintenanceChanges, currentWindows: currentWindows)
        return scan
    }

    /// Windows whose file date (their start day) is within a month before now or three days after:
    /// the only ones a reminder, a start or an end can be due for. Skips reading the rest.
    private func windowsNearNow(at commit: String, alreadyRead: [String: Maintenance], scan: inout Scan) throws(EnvironmentError) -> [Maintenance] {
        let earliest = now.adding(seconds: -31 * 86_400).utcDay
        let latest = now.adding(seconds: 3 * 86_400).utcDay
        var windows: [Maintenance] = []
        for name in try revisions.fileNames(in: "maintenance", at: commit) where Self.isContentFile("maintenance/" + name) {
            let day = String(name.prefix(10))
            guard day >= earliest, day <= latest else { continue }
            let path = "maintenance/" + name
            if let known = alreadyRead[path] {
                windows.append(known)
            } else if let bytes = try revisions.file(path, at: commit), let window = parse(ContentParser.maintenance(bytes, path: path), into: &scan) {
                windows.append(window)
            }
        }
        return windows
    }

    private func parse<Document>(_ parsed: ContentParser.Parsed<Document>, into scan: inout Scan) -> Document? {
        let errors = parsed.errors
        scan.diagnostics += errors
        return errors.isEmpty ? parsed.document : nil
    }

    static func isContentFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        return path.hasSuffix(".md") && !name.hasPrefix(".") && name != "README.md"
    }
}
