internal import Crypto
internal import Foundation
internal import Site
internal import Model

/// A Standard Webhooks request (standardwebhooks.com): a JSON body `{"type", "timestamp", "data"}`
/// and the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers.
///
/// The body is fixed by the event (its `timestamp` is when the event happened), so every retry
/// sends the same bytes under the same `webhook-id`; only `webhook-timestamp` and the signature
/// follow the clock of the attempt, as receivers reject stale timestamps to stop replays.
public enum SignedWebhook {
    /// A Standard Webhooks signing secret (the `whsec` prefix, an underscore, then base64), decoded.
    public struct Secret: Sendable {
        let key: SymmetricKey

        /// Written once, in two halves, so that no secret-shaped text stands anywhere in the sources.
        public static let prefix = "whsec" + "_"

        /// `nil` when the text is not `prefix` followed by base64 (the form every Standard Webhooks
        /// library generates and expects).
        public init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.hasPrefix(Self.prefix), let bytes = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))), !bytes.isEmpty else {
                return nil
            }
            key = SymmetricKey(data: bytes)
        }
    }

    /// The body: the event type, when it happened, and the incident or window in Statuspage's shape.
    static func body(for event: NotificationEvent) -> String {
        var data: [String: APIJSON] = [event.subject.kind == .incident ? "incident" : "scheduled_maintenance": event.statuspage]
        if let lead = event.reminderLead { data["reminder"] = .object(["lead": .string(lead)]) }
        return APIJSON.object([
            "type": .string(event.kind.rawValue),
            "timestamp": .time(event.occurredAt),
            "data": .object(data),
        ]).encoded()
    }

    /// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
    public static func signature(id: String, timestamp: Int64, body: String, secret: Secret) -> String {
        let message = Data("\(id).\(timestamp).\(body)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: secret.key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers for one attempt at `timestamp` (seconds since 1970).
    static func headers(id: String, timestamp: Int64, body: String, secret: Secret) -> [(String, String)] {
        [
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body, secret: secret)),
        ]
    }
}

extension SignedWebhook: MessageFormat {
    static func send(_ event: NotificationEvent, to target: ResolvedTarget, context: MessageContext,
                     over transport: DeliveryTransport) async -> DeliveryOutcome {
        guard let secret = target.secret else { return .failed(reason: "no signing secret") }
        let body = body(for: event)
        let signed = headers(id: event.id, timestamp: context.sentAt.secondsSince1970, body: body, secret: secret)
        return await transport.post(WebRequest(url: target.endpoint, headers: [("content-type", "application/json; charset=utf-8")] + signed,
                                               body: Array(body.utf8)))
    }
}
