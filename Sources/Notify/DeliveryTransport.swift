internal import Foundation
internal import Model

/// How messages leave the process. Injected below retries and limits: the live one is
/// AsyncHTTPClient and an SMTP client, tests use the same live one against loopback receivers.
public struct DeliveryTransport: Sendable {
    /// POSTs a JSON body; returns the outcome, never throws (errors become `.failed`).
    public var post: @Sendable (_ request: WebRequest) async -> DeliveryOutcome
    /// Sends one message through the SMTP server of a resolved `smtp://` or `smtps://` URL.
    public var mail: @Sendable (_ message: MailMessage, _ server: String) async -> DeliveryOutcome

    public init(
        post: @escaping @Sendable (_ request: WebRequest) async -> DeliveryOutcome,
        mail: @escaping @Sendable (_ message: MailMessage, _ server: String) async -> DeliveryOutcome
    ) {
        self.post = post
        self.mail = mail
    }
}

public struct WebRequest: Sendable {
    /// The resolved URL: a secret. Never print it; `Redaction.url` gives a printable form.
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
}

public enum DeliveryOutcome: Sendable, Equatable {
    case delivered
    /// `retryAfter`: seconds the receiver asked us to wait. `gone`: the receiver says the target no
    /// longer exists (HTTP 410), so retrying is pointless until the configuration changes.
    case failed(reason: String, retryAfter: Int64? = nil, gone: Bool = false)

    /// 2xx is success; 410 is gone; every other status (3xx included: a webhook that redirects is
    /// misconfigured, and following it would resend the body elsewhere) is a failure.
    ///
    /// The wait asked for is the `Retry-After` header; without one, a 429's JSON body may say it as
    /// `retry_after` in seconds, fractions allowed (Discord's rate-limit answer), rounded up.
    public static func http(status: Int, retryAfter: String?, body: [UInt8] = []) -> DeliveryOutcome {
        switch status {
        case 200..<300: return .delivered
        case 410: return .failed(reason: "HTTP 410: the target is gone; replace or remove its URL", gone: true)
        default:
            let wait = retryAfter.flatMap(parseRetryAfter) ?? (status == 429 ? retryAfterInBody(body) : nil)
            return .failed(reason: "HTTP \(status)", retryAfter: wait)
        }
    }

    /// `Retry-After` in delta-seconds. (The HTTP-date form is rare for webhooks; it is treated as absent.)
    static func parseRetryAfter(_ value: String) -> Int64? {
        Int64(value.trimmingWhitespace()).map { max(0, $0) }
    }

    /// `{"retry_after": 1.5, …}`: whole seconds, rounded up; `nil` for any other body.
    static func retryAfterInBody(_ body: [UInt8]) -> Int64? {
        guard !body.isEmpty, let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let seconds = (object["retry_after"] as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0,
              seconds < Double(Int64.max) else { return nil }
        return Int64(seconds.rounded(.up))
    }
}

/// Printable forms of secret values.
public enum Redaction {
    /// `https://hooks.example.org/…`: scheme and host only. Webhook URLs carry their secret in the
    /// path, SMTP URLs in the user-info, so neither is ever shown.
    public static func url(_ url: String) -> String {
        guard let scheme = URLText.schemePrefix(of: url), let host = URLText.hostAndPort(of: url) else { return "(a URL)" }
        return scheme + host + "/…"
    }
}
