internal import Yams
internal import Model
internal import Content

/// Reads incident and maintenance files: file name, front matter, fields and timeline shape.
///
/// Rules that need other files (component ids, notice from git history, the clock) run later in
/// `ContentValidator`; this type only reports what one file says about itself.
struct DocumentLoader {
    static let incidentKeys = ["title", "environments", "impact", "updates", "started", "automated", "reported_by"]
    static let incidentUpdateKeys = ["at", "status", "text"]
    static let maintenanceKeys = [
        "title", "start", "end", "environments", "components", "impact", "references", "updates", "short_notice",
    ]

    private(set) var diagnostics: [Diagnostic] = []

    // MARK: File names

    /// The file name's date and slug, or a diagnostic when it is not `YYYY-MM-DD-slug.md`.
    mutating func fileID(of path: String) -> (id: String, day: String)? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let at = SourceLocation(path: path, line: 1, column: 1)
        let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : String(name.split(separator: ".").first ?? "")
        let parts = stem.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        let datePart = parts.prefix(3).joined(separator: "-")
        let validDate: Bool = parts.count >= 3 && {
            guard case .failure(.missingTime) = Timestamp.parse(datePart) else { return false }
            return true
        }()
        let slug = parts.count == 4 ? String(parts[3]) : ""
        if !name.hasSuffix(".md") || !validDate || !Slug.isKebabCase(slug) {
            let leadingDate = String(stem.prefix(10))
            let suggestion: String
            if validDate {
                suggestion = "\(datePart)-\(Slug.kebabCased(slug)).md"
            } else if case .failure(.missingTime) = Timestamp.parse(leadingDate) {
                suggestion = "\(leadingDate)-\(Slug.kebabCased(String(stem.dropFirst(10)))).md"
            } else {
                suggestion = "YYYY-MM-DD-\(Slug.kebabCased(stem)).md"
            }
            diagnostics.append(.error(
                .fileName, "file name '\(name)' is not YYYY-MM-DD-slug.md", at: at,
                hint: "rename it, e.g. to '\(suggestion)': the date the \(path.hasPrefix("maintenance/") ? "window starts" : "incident started"), then a lowercase kebab-case slug"))
            return nil
        }
        return (stem, datePart)
    }

    /// The date in the file name must be the start day, in UTC or in the offset the start was written with.
    mutating func checkFileDate(path: String, day: String, start: Located<Timestamp>, field: String) {
        guard day != start.value.utcDay, day != start.value.localDay else { return }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        diagnostics.append(.error(
            .fileDate, "file name says \(day) but '\(field)' is on \(start.value.utcDay)",
            at: SourceLocation(path: path, line: 1, column: 1),
            hint: "rename the file to '\(start.value.utcDay)\(name.dropFirst(10))' or correct '\(field)'",
            notes: [.init("'\(field)' is here", at: start.location)]))
    }

    // MARK: Front matter

    /// Splits and parses the front matter; `nil` when the file has no usable YAML mapping.
    private mutating func frontMatter(_ source: SourceText) -> (reader: NodeReader, root: Node, matter: FrontMatter)? {
        let matter: FrontMatter
        switch FrontMatter.split(source) {
        case .success(let value): matter = value
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
        switch YAMLDocument.parse(matter.yaml, path: source.path, lineOffset: matter.yamlLineOffset) {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        case .success(nil):
            diagnostics.append(.error(.frontMatter, "front matter is empty", at: SourceLocation(path: source.path, line: 1, column: 1),
                                      hint: "add the fields between the two '---' lines: title, environments, impact, updates…"))
            return nil
        case .success(let root?):
            return (NodeReader(path: source.path, lineOffset: matter.yamlLineOffset), root, matter)
        }
    }

    private func body(_ matter: FrontMatter, path: String) -> Located<String> {
        Located(matter.body, at: SourceLocation(path: path, line: matter.bodyLineOffset + 1, column: 1))
    }

    // MARK: Incidents

    mutating func loadIncident(_ source: SourceText) -> Incident? {
        let fileID = fileID(of: source.path)
        guard source.path.hasSuffix(".md") else { return nil }
        guard let (readerStart, root, matter) = frontMatter(source) else { return nil }
        var reader = readerStart
        defer { diagnostics += reader.diagnostics }
        guard let fields = reader.fields(of: root, what: "the incident", known: Self.incidentKeys,
                                         required: ["title", "environments", "impact", "updates"]) else { return nil }
        let title = reader.string(fields["title"], field: "title")
        let environments = reader.nonEmptyStringList(fields["environments"], field: "environments", example: "[mainnet]")
        let impact = readImpact(fields["impact"], reader: &reader)
        let updates = reader.list(fields["updates"], field: "updates")?.compactMap { readIncidentUpdate($0, reader: &reader) }
        let started = reader.timestamp(fields["started"], field: "started")
        let automated = reader.bool(fields["automated"], field: "automated") ?? false
        let reportedBy = reader.string(fields["reported_by"], field: "reported_by")?.value
        if let list = fields["updates"], case .sequence(let sequence) = list, sequence.isEmpty {
            reader.report(.error(.missingField, "the incident has no updates", at: reader.location(of: list),
                                 hint: "add a first update: {at: <time>, status: investigating, text: …}"))
        }
        guard let fileID, let title, let environments, let impact, let updates, !updates.isEmpty else { return nil }
        let incident = Incident(
            id: fileID.id, path: source.path, title: title, environments: environments, impact: impact,
            updates: updates, started: started, automated: automated, reportedBy: reportedBy,
            summary: body(matter, path: source.path))
        if let start = started ?? updates.first?.at {
            checkFileDate(path: source.path, day: fileID.day, start: start, field: started == nil ? "the first update" : "started")
        }
        checkIncidentTimeline(incident, reader: &reader)
        return incident
    }

    private mutating func readImpact(_ node: Node?, reader: inout NodeReader) -> [(component: Located<String>, state: ComponentState)]? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            reader.report(reader.wrongType(node, expected: "a mapping of component ids to states", for: "'impact'"))
            return nil
        }
        var impact: [(component: Located<String>, state: ComponentState)] = []
        for (key, value) in mapping {
            guard let component = reader.string(key, field: "component"),
                  let state = reader.choice(value, field: "state", as: ComponentState.self, allowed: ComponentState.declarable)
            else { continue }
            impact.append((component, state))
        }
        if impact.isEmpty, mapping.count == 0 {
            reader.report(.error(.missingField, "'impact' names no component", at: reader.location(of: node),
                                 hint: "list affected components and their state, e.g. impact: {scan-api: degraded-performance}"))
        }
        return impact
    }

    private func readIncidentUpdate(_ node: Node, reader: inout NodeReader) -> Incident.Update? {
        guard let fields = reader.fields(of: node, what: "an update", known: Self.incidentUpdateKeys,
                                         required: ["at", "status", "text"]) else { return nil }
        let at = reader.timestamp(fields["at"], field: "at")
        let status = reader.choice(fields["status"], field: "status", as: IncidentStatus.self)
        let text = reader.string(fields["text"], field: "text")
        guard let at, let status, let text else { return nil }
        return Incident.Update(at: at, status: status, text: text)
    }

    /// Updates in order, nothing after `resolved`, and `started` not after the first update.
    private func checkIncidentTimeline(_ incident: Incident, reader: inout NodeReader) {
        if let started = incident.started, let first = incident.updates.first, started.value > first.at.value {
            reader.report(.error(.updateOrder, "'started' (\(started.value)) is after the first update (\(first.at.value))",
                                 at: started.location, hint: "'started' backdates the incident: it must be at or before the first update"))
        }
        TimelineRules.checkOrder(incident.updates.map { ($0.at, $0.status == .resolved) },
                                 finalWord: "resolved", reader: &reader)
    }

    // MARK: Maintenance

    mutating func loadMaintenance(_ source: SourceText) -> Maintenance? {
        let fileID = fileID(of: source.path)
        guard source.path.hasSuffix(".md") else { return nil }
        guard let (readerStart, root, matter) = frontMatter(source) else { return nil }
        var reader = readerStart
        defer { diagnostics += reader.diagnostics }
        guard let fields = reader.fields(of: root, what: "the maintenance window", known: Self.maintenanceKeys,
                                         required: ["title", "start", "end", "environments", "components", "impact"]) else {
            return nil
        }
        let title = reader.string(fields["title"], field: "title")
        let start = reader.timestamp(fields["start"], field: "start")
        let end = reader.timestamp(fields["end"], field: "end")
        let environments = reader.nonEmptyStringList(fields["environments"], field: "environments", example: "[mainnet]")
        let components = reader.nonEmptyStringList(fields["components"], field: "components", example: "[sequencers, rounds]")
        let impact: Located<ComponentState>? = fields["impact"].flatMap { node in
            reader.choice(node, field: "impact", as: ComponentState.self, allowed: ComponentState.declarable)
                .map { Located($0, at: reader.location(of: node)) }
        }
        let references = reader.stringList(fields["references"], field: "references")?.map(\.value) ?? []
        let updates = reader.list(fields["updates"], field: "updates")?.compactMap { readMaintenanceUpdate($0, reader: &reader) } ?? []
        let shortNotice = reader.string(fields["short_notice"], field: "short_notice")?.value
        guard let fileID, let title, let start, let end, let environments, let components, let impact else { return nil }
        if end.value <= start.value {
            reader.report(.error(.endBeforeStart, "'end' (\(end.value)) is not after 'start' (\(start.value))", at: end.location,
                                 hint: "a window must end after it starts; check the date and the time zone of both"))
        }
        checkFileDate(path: source.path, day: fileID.day, start: start, field: "start")
        TimelineRules.checkOrder(updates.map { ($0.at, $0.status == .completed || $0.status == .cancelled) },
                                 finalWord: "completed or cancelled", reader: &reader)
        return Maintenance(
            id: fileID.id, path: source.path, title: title, start: start, end: end, environments: environments,
            components: components, impact: impact, references: references, updates: updates, shortNotice: shortNotice,
            description: body(matter, path: source.path))
    }

    private func readMaintenanceUpdate(_ node: Node, reader: inout NodeReader) -> Maintenance.Update? {
        guard let fields = reader.fields(of: node, what: "an update", known: Self.incidentUpdateKeys,
                                         required: ["at", "status", "text"]) else { return nil }
        let at = reader.timestamp(fields["at"], field: "at")
        let status = reader.choice(fields["status"], field: "status", as: MaintenanceStatus.self)
        let text = reader.string(fields["text"], field: "text")
        guard let at, let status, let text else { return nil }
        return Maintenance.Update(at: at, status: status, text: text)
    }
}

/// Ordering rules shared by incident and maintenance timelines.
enum TimelineRules {
    /// Each update at or after the previous one, and none after a final one (`resolved`, `completed`…).
    static func checkOrder(_ updates: [(at: Located<Timestamp>, isFinal: Bool)], finalWord: String, reader: inout NodeReader) {
        var previous: Located<Timestamp>?
        var final: Located<Timestamp>?
        for update in updates {
            if let final {
                reader.report(.error(.updateAfterResolved, "update after the timeline was \(finalWord)", at: update.at.location,
                                     hint: "a \(finalWord) timeline is closed: open a new file for a new event, or remove the earlier final update",
                                     notes: [.init("the final update is here", at: final.location)]))
                return
            }
            if let previous, update.at.value < previous.value {
                reader.report(.error(.updateOrder, "update at \(update.at.value) is earlier than the one before it (\(previous.value))",
                                     at: update.at.location, hint: "updates are listed oldest first; move this one up or fix its time",
                                     notes: [.init("previous update is here", at: previous.location)]))
            }
            previous = update.at
            if update.isFinal { final = update.at }
        }
    }
}
