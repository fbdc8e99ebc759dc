/// The state of a component or the impact of an incident, in the words of the status-page CIP.
///
/// Cases are ordered by severity so "the worst state" is simply `max()`. `underMaintenance` is never
/// written in an incident; it is what a component shows inside an active maintenance window.
public enum ComponentState: String, CaseIterable, Sendable, Comparable, Codable {
    case operational
    case underMaintenance = "under-maintenance"
    case degradedPerformance = "degraded-performance"
    case partialOutage = "partial-outage"
    case majorOutage = "major-outage"

    var severity: Int {
        switch self {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    public static func < (lhs: ComponentState, rhs: ComponentState) -> Bool { lhs.severity < rhs.severity }

    /// States an operator may declare as an incident's impact or a maintenance window's expected state.
    public static let declarable: [ComponentState] = [.operational, .degradedPerformance, .partialOutage, .majorOutage]
}

/// Where an incident stands, as its latest update says.
public enum IncidentStatus: String, CaseIterable, Sendable, Codable {
    case investigating, identified, monitoring, resolved
}

/// Where a maintenance window stands when an operator posts updates; without updates it follows the clock.
public enum MaintenanceStatus: String, CaseIterable, Sendable, Codable {
    case scheduled
    case inProgress = "in-progress"
    case verifying, completed, cancelled
}

extension ComponentState {
    /// The state as a label: "Partial outage".
    public var label: String { Wording.label(rawValue) }
    /// The state inside a sentence: "partial outage".
    public var phrase: String { Wording.phrase(rawValue) }
}

/// Vocabulary values (`partial-outage`, `in-progress`) in the words a reader sees: one rule for the
/// pages, feeds, badges and messages, so they never disagree.
public enum Wording {
    /// "Partial outage", "In progress".
    public static func label(_ value: String) -> String {
        let phrase = phrase(value)
        return phrase.prefix(1).uppercased() + phrase.dropFirst()
    }

    /// "partial outage", "in progress". Bytewise: a `-` is one byte in UTF-8 and never part of
    /// another character's encoding.
    public static func phrase(_ value: String) -> String {
        String(decoding: value.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
