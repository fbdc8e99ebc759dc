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

    /// `🔴 Investigating: Scan errors`: the one-line heading of a chat message.
    static func heading(_ event: NotificationEvent) -> String {
        singleLine("\(icon(event)) \(headline(event)): \(event.subject.title)")
    }

    /// How serious an event looks: one icon and one colour per tone, the same in every message.
    enum Tone {
        case done, reminder, cancelled, maintenance, majorOutage, partialOutage, degraded, informational

        /// A state icon beside the word, never instead of it.
        var icon: String {
            switch self {
            case .done: "✅"
            case .reminder: "⏰"
            case .cancelled: "🚫"
            case .maintenance: "🔧"
            case .majorOutage: "🔴"
            case .partialOutage: "🟠"
            case .degraded: "🟡"
            case .informational: "🔵"
            }
        }
    }

    static func tone(_ event: NotificationEvent) -> Tone {
        switch event.kind {
        case .incidentResolved, .maintenanceCompleted: .done
        case .maintenanceReminder: .reminder
        case .maintenanceCancelled: .cancelled
        case .maintenanceScheduled, .maintenanceUpdated, .maintenanceStarted: .maintenance
        case .incidentCreated, .incidentUpdated:
            switch event.subject.impact {
            case .majorOutage: .majorOutage
            case .partialOutage: .partialOutage
            case .degradedPerformance: .degraded
            case .operational, .underMaintenance: .informational
            }
        }
    }

    static func icon(_ event: NotificationEvent) -> String { tone(event).icon }

    /// `View incident`, `View maintenance`: the label of the link back to the page.
    static func viewLabel(_ event: NotificationEvent) -> String {
        event.subject.kind == .incident ? "View incident" : "View maintenance"
    }

    /// `2026-11-24 10:00 UTC · incident.created · detected by probes`: the small print under a message.
    static func context(_ event: NotificationEvent, time: Bool = true) -> String {
        ((time ? [FeedTime.readable(event.occurredAt)] : []) + [event.kind.rawValue] + (event.subject.automated ? ["detected by probes"] : []))
            .joined(separator: " · ")
    }

    /// The labelled facts every message shows: status, impact or window, networks, components,
    /// references (the last two only when there are any). Values are content: escape them.
    static func facts(_ event: NotificationEvent) -> [(label: String, value: String)] {
        let subject = event.subject
        var facts = [(label: "Status", value: status(event))]
        if subject.kind == .maintenance, let window = window(event) {
            facts += [("Window", window), ("Expected impact", impact(subject.impact))]
        } else {
            facts.append(("Impact", impact(subject.impact)))
        }
        facts.append(("Networks", networks(event)))
        if !subject.components.isEmpty { facts.append(("Components", components(event))) }
        if !subject.references.isEmpty { facts.append(("References", subject.references.joined(separator: ", "))) }
        return facts
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

    /// At most `limit` characters (or `unit`s), cut at a grapheme with an ellipsis.
    static func truncated(_ text: String, to limit: Int, in unit: BoundedText.Unit = .characters) -> String {
        BoundedText.fitted(text, to: limit, in: unit)
    }
}
