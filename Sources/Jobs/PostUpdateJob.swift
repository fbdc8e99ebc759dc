public import Model
public import Content
public import Validation

/// `canton-status update` and `resolve`: one new update on an incident or maintenance window,
/// written at its place in the file (``FrontMatterEdit``), at the time of the run.
///
/// Nothing is written unless the result passes validation in the repository around it, and
/// unless it reads back as the file it was plus exactly the change asked for: the earlier
/// updates, the title and the body unchanged. An operator in the middle of an incident gets a
/// file that will build, or an error saying why, never a file the page cannot show.
public struct PostUpdateJob: Sendable {
    /// The status asked for: a named one, or the one that ends the event (`resolved` for an
    /// incident, `completed` for a window).
    public enum Status: Sendable, Equatable {
        case named(String)
        case closing
    }

    public var id: String
    public var status: Status
    public var text: String
    /// Incidents only: component id → declared state, set in `impact`.
    public var impact: [(component: String, state: String)]
    public var now: Timestamp

    public init(id: String, status: Status, text: String, impact: [(component: String, state: String)] = [], now: Timestamp) {
        self.id = id
        self.status = status
        self.text = text
        self.impact = impact
        self.now = now
    }

    /// The edit, checked and ready to write.
    public struct Planned: Sendable {
        public var path: String
        public var before: String
        public var after: String
        /// What validation still says about the edited file (warnings only).
        public var warnings: ValidationReport
    }

    public enum Failure: Error, Sendable {
        /// The edit cannot be made here; nothing was written.
        case refused(path: String, message: String, hint: String)
        /// The edited file would not validate; the report holds its errors.
        case invalid(ValidationReport)
    }

    public enum Kind: Sendable { case incident, maintenance }

    /// Finds the file, edits it, validates the repository with the edit in place.
    public func plan(
        _ fileSystem: some ContentFileSystem, history: some GitHistory
    ) throws(EnvironmentError) -> Result<Planned, Failure> {
        let (path, kind) = try locate(in: fileSystem)
        guard case .bytes(let bytes) = try fileSystem.read(path), let before = String(validating: bytes, as: UTF8.self) else {
            return .failure(.refused(path: path, message: "the file cannot be read as UTF-8 text", hint: "run `canton-status validate`"))
        }
        let status: String
        switch self.status {
        case .closing: status = kind == .incident ? IncidentStatus.resolved.rawValue : MaintenanceStatus.completed.rawValue
        case .named(let name):
            let allowed = kind == .incident ? IncidentStatus.allCases.map(\.rawValue) : MaintenanceStatus.allCases.map(\.rawValue)
            guard allowed.contains(name) else {
                return .failure(.refused(path: path, message: "'\(name)' is not a status of \(kind == .incident ? "an incident" : "a maintenance window")",
                                         hint: "use one of " + allowed.joined(separator: ", ")))
            }
            status = name
        }
        if kind == .maintenance, !impact.isEmpty {
            return .failure(.refused(path: path, message: "--impact applies to incidents; a window declares one expected state",
                                     hint: "edit the window's 'impact' by hand, or leave --impact out"))
        }
        var edit: FrontMatterEdit
        do throws(FrontMatterEdit.Refusal) {
            edit = try FrontMatterEdit(text: before, path: path)
            for (component, state) in impact { try edit.setImpact(component, to: state) }
            try edit.appendUpdate(at: now, status: status, text: text)
        } catch {
            return .failure(.refused(path: path, message: error.message, hint: error.hint))
        }
        let after = edit.text

        let overlay = OverlayFileSystem(fileSystem, replacing: path, with: Array(after.utf8))
        var report = try ContentValidator(now: now).validate(overlay, history: history)
        report.keepOnly(path: path)
        if report.hasErrors { return .failure(.invalid(report)) }
        if let difference = unexpectedChange(before: before, after: after, path: path, kind: kind, status: status) {
            return .failure(.refused(path: path, message: "the edit would change more than the new update: \(difference)",
                                     hint: "add the update by hand; this file's layout is one the editor does not know"))
        }
        return .success(Planned(path: path, before: before, after: after, warnings: report))
    }

    /// `incidents/ID.md` or `maintenance/ID.md`; a path to either works too.
    func locate(in fileSystem: some ContentFileSystem) throws(EnvironmentError) -> (String, Kind) {
        var name = id.hasSuffix(".md") ? String(id.dropLast(3)) : id
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        var found: [(String, Kind)] = []
        for (folder, kind) in [("incidents", Kind.incident), ("maintenance", .maintenance)] {
            let path = "\(folder)/\(name).md"
            if case .bytes = try fileSystem.read(path) { found.append((path, kind)) }
        }
        guard let first = found.first else {
            throw EnvironmentError("no incident or maintenance window with id '\(name)'", path: "incidents/\(name).md",
                                   hint: "the id is the file name without .md, e.g. 2026-11-20-sequencer-latency; `ls incidents maintenance` lists them")
        }
        guard found.count == 1 else {
            throw EnvironmentError("'\(name)' is both an incident and a maintenance window", path: first.0,
                                   hint: "pass the path, e.g. maintenance/\(name).md")
        }
        if id.hasPrefix("maintenance/") { return found.first { $0.1 == .maintenance } ?? first }
        return first
    }

    /// Reads both versions back and says what differs besides the asked-for change, if anything.
    func unexpectedChange(before: String, after: String, path: String, kind: Kind, status: String) -> String? {
        switch kind {
        case .incident:
            guard let old = ContentParser.incident(Array(before.utf8), path: path).document,
                  let new = ContentParser.incident(Array(after.utf8), path: path).document else { return "it no longer parses" }
            return Self.updatesDiffer(old.updates.map(Self.words), new.updates.map(Self.words), added: (now, status, text))
                ?? (old.title.value != new.title.value ? "the title" : nil)
                ?? (old.summary.value != new.summary.value ? "the Markdown text" : nil)
                ?? impactDiffers(old.impact, new.impact)
        case .maintenance:
            guard let old = ContentParser.maintenance(Array(before.utf8), path: path).document,
                  let new = ContentParser.maintenance(Array(after.utf8), path: path).document else { return "it no longer parses" }
            return Self.updatesDiffer(old.updates.map(Self.words), new.updates.map(Self.words), added: (now, status, text))
                ?? (old.title.value != new.title.value ? "the title" : nil)
                ?? (old.description.value != new.description.value ? "the Markdown text" : nil)
                ?? (old.impact.value != new.impact.value || old.start.value != new.start.value || old.end.value != new.end.value
                    ? "the window's times or impact" : nil)
        }
    }

    private func impactDiffers(_ old: [(component: Located<String>, state: ComponentState)],
                               _ new: [(component: Located<String>, state: ComponentState)]) -> String? {
        var expected = Dictionary(old.map { ($0.component.value, $0.state.rawValue) }, uniquingKeysWith: { first, _ in first })
        for (component, state) in impact { expected[component] = state }
        let actual = Dictionary(new.map { ($0.component.value, $0.state.rawValue) }, uniquingKeysWith: { first, _ in first })
        return expected == actual ? nil : "the impact"
    }

    private typealias Words = (at: Timestamp, status: String, text: String)

    private static func words(_ update: Incident.Update) -> Words { (update.at.value, update.status.rawValue, update.text.value) }
    private static func words(_ update: Maintenance.Update) -> Words { (update.at.value, update.status.rawValue, update.text.value) }

    private static func updatesDiffer(_ old: [Words], _ new: [Words], added: Words) -> String? {
        let expected = old + [added]
        guard expected.count == new.count else { return "the number of updates" }
        for (index, (want, got)) in zip(expected, new).enumerated()
        where want.at != got.at || want.status != got.status || want.text != got.text {
            return index == old.count ? "the new update reads back differently" : "update \(index + 1)"
        }
        return nil
    }
}
