public import Model
internal import Site

/// One thing subscribers are told about: a new incident update, a maintenance change, a reminder.
///
/// An event carries everything every kind of target needs to describe it (a snapshot of the
/// incident or window as of the event), so a delivery that failed can be retried from the ledger in a
/// later run without the content that produced it.
public struct NotificationEvent: Codable, Sendable, Equatable {
    /// What happened; the names filters in `components.yml` use.
    public typealias Kind = NotificationEventKind

    /// Stable and derived from what the event is about (incident id, update index, kind), never from
    /// the time of the run: the same change seen by two runs or two overlapping ranges has one id.
    /// Sent as `webhook-id`, and the root of the e-mail `Message-ID`.
    public var id: String
    public var kind: Kind
    /// When it happened: the update's time, or the moment on the clock (a start, a reminder's lead).
    public var occurredAt: Timestamp
    public var subject: Subject
    /// For reminders: how long before the start, `48h`, `24h` or `1h`.
    public var reminderLead: String?
    /// The Statuspage object (`incident` or `scheduled_maintenance`) as of the event, for webhooks.
    var statuspage: APIJSON

    public struct Subject: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case incident, maintenance }

        public var kind: Kind
        /// The incident or window id: also the thread all its e-mails share.
        public var id: String
        public var title: String
        /// Absolute URL of its page.
        public var url: String
        /// The status as of this event (`investigating` … `resolved`, `scheduled` … `cancelled`).
        public var status: String
        /// The worst declared state (incident) or the expected state during the window (maintenance).
        public var impact: ComponentState
        public var environments: [Named]
        public var components: [AffectedComponent]
        /// Markdown: the update's text, or the window's description.
        public var text: String
        public var window: Window?
        public var references: [String]
        public var automated: Bool
    }

    public struct Named: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public struct AffectedComponent: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var state: ComponentState
    }

    public struct Window: Codable, Sendable, Equatable {
        public var start: Timestamp
        public var end: Timestamp
    }
}
