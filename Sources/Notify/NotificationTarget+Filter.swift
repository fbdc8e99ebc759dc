public import Model

extension NotificationTarget {
    /// Whether this target wants the event: each filter that is set must match. An event on several
    /// networks or components matches when any of them is listed; `events` takes exact names,
    /// `prefix.*` wildcards and `*`.
    public func accepts(_ event: NotificationEvent) -> Bool {
        if let environments, Set(environments.map(\.value)).isDisjoint(with: event.subject.environments.map(\.id)) {
            return false
        }
        if let components, Set(components.map(\.value)).isDisjoint(with: event.subject.components.map(\.id)) {
            return false
        }
        if let events, !events.contains(where: { Self.pattern($0.value, matches: event.kind.rawValue) }) {
            return false
        }
        return true
    }

    static func pattern(_ pattern: String, matches name: String) -> Bool {
        if pattern == "*" || pattern == name { return true }
        return pattern.hasSuffix(".*") && name.hasPrefix(pattern.dropLast())
    }
}
