internal import Foundation
internal import Model
internal import Site

/// The words every kind of message uses for an event, so Slack, e-mail and the console agree.
enum EventWording {
    /// `Investigating`, `In progress`, `Resolved`.
    static func status(_ event: NotificationEvent) -> String {
        Wording.label(event.subject.status)
    }

    /// What happened, for a subject line or a header: `Investigating`, `Maintenance scheduled`,
    /// `Reminder: maintenance in 24h`.
    static func headline(_ event: NotificationEvent) -> String {
        switch event.kind {
        case .incidentCreated, .incidentUpdated, .incidentResolved: status(event)
        case .maintenanceScheduled: "Maintenance scheduled"
        case .maintenanceUpdated: "Maintenance updated"
        case .maintenanceCancelled: "Maintenance cancelled"
        case .maintenanceStarted: "Maintenance started"
        case .maintenanceCompleted: "Maintenance completed"
        // The start itself, not the nominal lead: a run that sends the 24 h reminder 20 h before
        // the start must not say "in 24h".
        case .maintenanceReminder: "Reminder: maintenance starts \(event.subject.window.map { FeedTime.readable($0.start) } ?? "soon")"
        }
    }

    /// A state icon beside the word, never instead of it.
    static func icon(_ event: NotificationEvent) -> String {
        switch event.kind {
        case .incidentResolved, .maintenanceCompleted: return "✅"
        case .maintenanceReminder: return "⏰"
        case .maintenanceCancelled: return "🚫"
        case .maintenanceScheduled, .maintenanceUpdated, .maintenanceStarted: return "🔧"
        case .incidentCreated, .incidentUpdated:
            switch event.subject.impact {
            case .majorOutage: return "🔴"
            case .partialOutage: return "🟠"
            case .degradedPerformance: return "🟡"
            case .operational, .underMaintenance: return "🔵"
            }
        }
    }

    static func impact(_ state: ComponentState) -> String {
        state.label
    }

    static func networks(_ event: NotificationEvent) -> String {
        event.subject.environments.map(\.name).joined(separator: ", ")
    }

    static func components(_ event: NotificationEvent) -> String {
        event.subject.components.map { "\($0.name) (\(impact($0.state).lowercased()))" }.joined(separator: ", ")
    }

    static func window(_ event: NotificationEvent) -> String? {
        event.subject.window.map { FeedTime.readable(from: $0.start, to: $0.end) }
    }

    /// One line for a subject or a fallback: `[MainNet] Investigating: Elevated sequencer latency`.
    static func summary(_ event: NotificationEvent) -> String {
        let line = "[\(networks(event))] \(headline(event)): \(event.subject.title)"
        return singleLine(line)
    }

    /// Control characters (a newline in a quoted YAML title) become spaces: headers and Slack
    /// headers are one line, and a newline in a mail header would let content add headers.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }

    /// At most `limit` characters, cut with an ellipsis.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
