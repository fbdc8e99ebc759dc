public import Model

/// The SV × check matrix of one network: a row per Super Validator the probes reached, a column
/// per kind of per-SV check, from the freshest vantage's last run.
///
/// Built from the targets of `scans`, `sequencers`, `rounds` and `versions` checks, which name their
/// targets after the SV (`http` targets are URLs, shown on their component's page instead). An SV
/// probed by two components with a `scans` check (readiness and availability) shows the worse
/// state. Version drift is counted here, once, and shown as a note, not an outage: during a rolling
/// upgrade SVs legitimately run two versions.
public struct TargetMatrix: Sendable {
    public enum Column: String, CaseIterable, Sendable {
        case ready, sequencer, version, round, latency
    }

    public struct Cell: Sendable, Equatable {
        /// Shown with its word and icon when the check did not pass; `nil` for plain values.
        public var state: ComponentState?
        public var text: String
        /// Why, in the probe's words ("HTTP 503", "round 12, 2 behind").
        public var note: String?
    }

    public struct Row: Sendable {
        public var name: String
        public var cells: [Column: Cell]
    }

    /// The columns that have at least one value, in `Column` order.
    public var columns: [Column]
    /// Sorted by name, case-insensitively.
    public var rows: [Row]
    /// Each version and how many SVs report it, most common first; two or more means drift.
    public var versions: [(version: String, count: Int)]
    /// The run the matrix shows.
    public var vantage: String?
    public var at: Timestamp?

    public var hasDrift: Bool { versions.count > 1 }

    /// `nil` when none of `components` has a per-SV target.
    init?(_ components: [MeasuredComponent]) {
        var rows: [String: Row] = [:]
        func update(_ name: String, _ column: Column, _ change: (inout Cell?) -> Void) {
            var row = rows[name] ?? Row(name: name, cells: [:])
            var cell = row.cells[column]
            change(&cell)
            row.cells[column] = cell
            rows[name] = row
        }
        for component in components {
            for target in component.targets {
                let failed = target.state == .operational ? nil : target.state
                switch Check.Kind(rawValue: target.check) {
                case .scans:
                    update(target.name, .ready) { cell in
                        let state = max(cell?.state ?? .operational, target.state)
                        let note = state == target.state && failed != nil ? target.reason : cell?.note
                        cell = Cell(state: state, text: state.label, note: note)
                    }
                    update(target.name, .latency) { cell in
                        if cell == nil { cell = Cell(text: target.latencyMilliseconds.map { "\($0) ms" } ?? "—") }
                    }
                case .sequencers:
                    update(target.name, .sequencer) { cell in
                        let state = max(cell?.state ?? .operational, target.state)
                        cell = Cell(state: state, text: state.label, note: failed == nil ? cell?.note : target.reason)
                    }
                case .versions:
                    update(target.name, .version) { cell in
                        cell = Cell(state: failed, text: target.details["version"] ?? "—", note: failed == nil ? nil : target.reason)
                    }
                case .rounds:
                    update(target.name, .round) { cell in
                        // Probes record the network's newest round once, on the component, and per SV
                        // only how far behind it is (round numbers change every tick).
                        let newest = component.details["round"].flatMap(Int.init)
                        let behind = target.details["behind"].flatMap(Int.init)
                        let text: String
                        switch (newest, behind) {
                        case (let newest?, let behind?): text = behind == 0 ? String(newest) : "\(newest - behind) (\(behind) behind)"
                        case (nil, let behind?): text = "\(behind) behind"
                        default: text = target.details["round"] ?? "—"
                        }
                        cell = Cell(state: failed, text: text, note: failed == nil ? nil : target.reason)
                    }
                case .http, nil:
                    continue
                }
            }
        }
        guard !rows.isEmpty else { return nil }
        var sorted = rows.values.sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }

        var counts: [String: Int] = [:]
        for row in sorted {
            if let version = row.cells[.version], version.state == nil, version.text != "—" { counts[version.text, default: 0] += 1 }
        }
        versions = counts.map { (version: $0.key, count: $0.value) }.sorted { ($1.count, $0.version) < ($0.count, $1.version) }
        if versions.count > 1, let common = versions.first {
            for index in sorted.indices {
                guard var cell = sorted[index].cells[.version], cell.state == nil, cell.text != common.version else { continue }
                cell.note = "differs from \(common.count) on \(common.version)"
                sorted[index].cells[.version] = cell
            }
        }
        self.rows = sorted
        columns = Column.allCases.filter { column in sorted.contains { $0.cells[column] != nil } }
        let newest = components.filter { $0.targets.contains { Check.Kind(rawValue: $0.check) != .http } }
            .max { ($0.targetsAt ?? Timestamp(secondsSince1970: 0)) < ($1.targetsAt ?? Timestamp(secondsSince1970: 0)) }
        vantage = newest?.targetsVantage
        at = newest?.targetsAt
    }
}
