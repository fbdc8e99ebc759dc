internal import Model

/// Rules that check ids against each other: unknown and duplicate ids, and components named on a
/// network they are not deployed on.
struct ReferenceRules: Sendable {
    let configuration: Configuration
    private(set) var diagnostics: [Diagnostic] = []

    /// Worked out once: every incident and window is checked against them.
    private let environmentIDs: [String]
    private let componentIDs: [String]

    init(configuration: Configuration) {
        self.configuration = configuration
        environmentIDs = configuration.environments.map(\.id.value)
        componentIDs = configuration.components.map(\.id.value)
    }

    mutating func checkConfiguration() {
        checkDuplicates(configuration.environments.map(\.id), kind: "environment")
        checkDuplicates(configuration.groups.map(\.id), kind: "group")
        checkDuplicates(configuration.components.map(\.id), kind: "component")
        checkDuplicates(configuration.notifications.map(\.id), kind: "notification target")
        let groupIDs = configuration.groups.map(\.id.value)
        for component in configuration.components {
            if !component.group.value.isEmpty, !groupIDs.contains(component.group.value) {
                diagnostics.append(.error(.unknownGroup, "component '\(component.id.value)' is in unknown group '\(component.group.value)'",
                                          at: component.group.location, hint: Suggestion.hint(for: component.group.value, in: groupIDs, kind: "group")))
            }
            checkEnvironments(component.environments ?? [])
            for check in component.checks { checkEnvironments(check.environments ?? []) }
        }
        for target in configuration.notifications {
            checkEnvironments(target.environments ?? [])
            checkComponents(target.components ?? [])
            for event in target.events ?? [] where !Self.isKnownEvent(event.value) {
                diagnostics.append(.error(.unknownEvent, "unknown event '\(event.value)'", at: event.location,
                                          hint: Suggestion.hint(for: event.value, in: NotificationEventKind.names + ["incident.*", "maintenance.*"], kind: "event")))
            }
        }
    }

    static func isKnownEvent(_ name: String) -> Bool {
        if name == "*" || name == "incident.*" || name == "maintenance.*" { return true }
        return NotificationEventKind.names.contains(name)
    }

    mutating func check(_ incident: Incident) {
        checkEnvironments(incident.environments)
        checkComponents(incident.impact.map(\.component), on: incident.environments)
        var seen: [String: SourceLocation] = [:]
        for (component, _) in incident.impact {
            if let first = seen[component.value] {
                diagnostics.append(.error(.duplicateID, "component '\(component.value)' is listed twice in 'impact'", at: component.location,
                                          hint: "keep one entry with the worst state", notes: [.init("first listed here", at: first)]))
            }
            seen[component.value] = seen[component.value] ?? component.location
        }
    }

    mutating func check(_ maintenance: Maintenance) {
        checkEnvironments(maintenance.environments)
        checkComponents(maintenance.components, on: maintenance.environments)
    }

    private mutating func checkEnvironments(_ ids: [Located<String>]) {
        for id in ids where !environmentIDs.contains(id.value) {
            diagnostics.append(.error(.unknownEnvironment, "unknown environment '\(id.value)'", at: id.location,
                                      hint: Suggestion.hint(for: id.value, in: environmentIDs, kind: "environment")))
        }
    }

    /// Unknown component ids, and components that do not run on any of the listed environments.
    private mutating func checkComponents(_ ids: [Located<String>], on environments: [Located<String>]? = nil) {
        for id in ids {
            guard let component = configuration.component(id.value) else {
                diagnostics.append(.error(.unknownComponent, "unknown component '\(id.value)'", at: id.location,
                                          hint: Suggestion.hint(for: id.value, in: componentIDs, kind: "component")))
                continue
            }
            guard let environments else { continue }
            let deployed = configuration.environmentIDs(of: component)
            let named = environments.map(\.value).filter(environmentIDs.contains)
            if !named.isEmpty, !named.contains(where: deployed.contains) {
                diagnostics.append(.error(.componentEnvironment,
                                          "component '\(id.value)' is not shown on \(named.joined(separator: ", "))",
                                          at: id.location,
                                          hint: "'\(id.value)' is on \(deployed.joined(separator: ", ")); add the environment to the component in components.yml or remove it here"))
            }
        }
    }

    private mutating func checkDuplicates(_ ids: [Located<String>], kind: String) {
        var seen: [String: SourceLocation] = [:]
        for id in ids {
            if let first = seen[id.value] {
                diagnostics.append(.error(.duplicateID, "\(kind) id '\(id.value)' is defined twice", at: id.location,
                                          hint: "ids must be unique; rename one of them", notes: [.init("first defined here", at: first)]))
            } else {
                seen[id.value] = id.location
            }
        }
    }
}
