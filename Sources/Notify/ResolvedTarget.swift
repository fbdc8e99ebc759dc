internal import Foundation
public import Model
internal import Validation

/// A notification target with its `${VAR}` references resolved from the environment.
///
/// Resolution happens once, for every target, before anything is sent: a missing variable stops the
/// run with exit 2 naming the variable, rather than half a run of deliveries. Error messages name
/// variables and targets, never values.
public struct ResolvedTarget: Sendable {
    public var target: NotificationTarget
    public var id: String { target.id.value }
    /// The webhook URL (slack, discord, teams, webhook) or the SMTP URL (email).
    var endpoint: String
    var secret: SignedWebhook.Secret?

    /// Where it sends, safe to print: scheme and host only (`https://hooks.example.org/…`).
    public var redactedEndpoint: String { Redaction.url(endpoint) }

    public static func resolve(_ targets: [NotificationTarget], environment: [String: String]) throws(EnvironmentError) -> [ResolvedTarget] {
        var resolved: [ResolvedTarget] = []
        for target in targets {
            let id = target.id.value
            switch target.kind {
            case .slack, .discord, .teams, .webhook:
                let url = try value(target.url, field: "url", target: id, environment: environment)
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    throw EnvironmentError("the URL of notification target '\(id)' is not an http(s) URL",
                                           hint: "set \(names(in: target.url)) to the full https:// URL the receiver gave you")
                }
                var secret: SignedWebhook.Secret?
                if target.kind == .webhook {
                    let text = try value(target.secret, field: "secret", target: id, environment: environment)
                    guard let parsed = SignedWebhook.Secret(text) else {
                        throw EnvironmentError("the signing secret of notification target '\(id)' is not a Standard Webhooks secret",
                                               hint: "set \(names(in: target.secret)) to the secret your receiver's Standard Webhooks library generated: the prefix \(SignedWebhook.Secret.prefix) and base64 of 24 to 64 random bytes")
                    }
                    secret = parsed
                }
                resolved.append(ResolvedTarget(target: target, endpoint: url, secret: secret))
            case .email:
                let url = try value(target.smtp, field: "smtp", target: id, environment: environment)
                guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
                    throw EnvironmentError("the SMTP URL of notification target '\(id)' must start with smtp:// or smtps://",
                                           hint: "set \(names(in: target.smtp)) to an smtp:// URL (STARTTLS, port 587) or smtps:// URL (port 465) with the user name and password before the host")
                }
                resolved.append(ResolvedTarget(target: target, endpoint: url, secret: nil))
            }
        }
        return resolved
    }

    /// Substitutes every `${NAME}` in the field.
    private static func value(_ text: String?, field: String, target: String, environment: [String: String]) throws(EnvironmentError) -> String {
        guard let text else {
            throw EnvironmentError("notification target '\(target)' has no '\(field)'", path: "components.yml")
        }
        switch VariableReferences.substitute(text, from: environment) {
        case .success(let value):
            return value.trimmingWhitespace().description
        case .failure(let missing):
            throw EnvironmentError("environment variable \(missing.name) is not set (needed by notification target '\(target)', field '\(field)')",
                                   hint: "set \(missing.name) as a CI secret or in the environment of this job; nothing was sent")
        }
    }

    private static func names(in text: String?) -> String {
        let names = SecretRules.references(in: text ?? "").map { "${\($0)}" }
        return names.isEmpty ? "the variable" : names.joined(separator: ", ")
    }
}
