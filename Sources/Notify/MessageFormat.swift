internal import Model
internal import Site

/// How one kind of target turns an event into what it is sent, and sends it: the one thing that
/// differs between kinds. Filters, retries and the ledger are the dispatcher's, the same for all.
protocol MessageFormat {
    static func send(_ event: NotificationEvent, to target: ResolvedTarget, context: MessageContext,
                     over transport: DeliveryTransport) async -> DeliveryOutcome
}

/// What a message needs besides its event and target.
struct MessageContext: Sendable {
    /// The page's title, URL and subscription channels (`components.yml` of the revision notified).
    var page: Page
    /// The real clock at this attempt, for `webhook-timestamp` and the mail's `Date`: receivers
    /// check them against their own clocks, so `--now` must not leak into them.
    var sentAt: Timestamp
}

/// A chat service's incoming webhook: one JSON body an event, posted to the target's secret URL.
/// Slack, Discord and Teams differ only in the body.
protocol ChatMessage: MessageFormat {
    static func payload(for event: NotificationEvent) -> APIJSON
}

extension ChatMessage {
    static func send(_ event: NotificationEvent, to target: ResolvedTarget, context: MessageContext,
                     over transport: DeliveryTransport) async -> DeliveryOutcome {
        let body = payload(for: event).encoded()
        return await transport.post(WebRequest(url: target.endpoint, headers: [("content-type", "application/json; charset=utf-8")],
                                               body: Array(body.utf8)))
    }
}

extension NotificationTarget.Kind {
    /// The message format of targets of this kind.
    var format: any MessageFormat.Type {
        switch self {
        case .slack: SlackMessage.self
        case .discord: DiscordMessage.self
        case .teams: TeamsMessage.self
        case .webhook: SignedWebhook.self
        case .email: EmailMessage.self
        }
    }
}
