internal import Foundation
internal import Model

/// Keeps secrets out of the repository: webhook URLs, signing keys, SMTP credentials and JWTs must be
/// `${VAR}` references, resolved from the environment only when they are used.
///
/// Messages never quote the offending value, and the diagnostic hides the source line, because CI
/// logs are often public.
package enum SecretRules {
    /// `${NAME}` with an upper-case, digit and underscore name.
    package static func references(in text: String) -> [Substring] {
        var names: [Substring] = []
        var rest = text[...]
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                names.append(rest[open.upperBound...])
                break
            }
            names.append(rest[open.upperBound..<close])
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func isValidReferenceName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Reports malformed `${…}` references (lower case, unclosed, empty).
    static func checkReferences(in text: Located<String>, reporter: inout NodeReader) {
        for name in references(in: text.value) where !isValidReferenceName(name) {
            reporter.report(.error(
                .invalidReference, "'${\(name.prefix(40))' is not a valid variable reference", at: text.location,
                hint: "write ${NAME} with capital letters, digits and underscores, e.g. ${VALIDATOR_URL}"))
        }
    }

    /// The whole value must be one `${VAR}` reference (notification URLs, secrets, SMTP URLs).
    static func requireReference(_ text: Located<String>, field: String, reporter: inout NodeReader) {
        let trimmed = text.value.trimmingWhitespace()
        if trimmed.hasPrefix("${") && trimmed.hasSuffix("}") && references(in: String(trimmed)).count == 1 {
            checkReferences(in: text, reporter: &reporter)
            return
        }
        // A reference that is merely malformed (`${NAME`, `${name}`) is a typo, not a leaked secret.
        if trimmed.hasPrefix("${") {
            reporter.report(.error(.invalidReference, "'\(field)' is not a valid ${VAR} reference", at: text.location,
                                   hint: "write the whole value as one reference, e.g. \(field): \"${\(field.uppercased())}\""))
            return
        }
        reportLiteral(text, field: field, reporter: &reporter)
    }

    static func reportLiteral(_ text: Located<String>, field: String, reporter: inout NodeReader) {
        let example = "${" + field.uppercased().replacingOccurrences(of: "-", with: "_") + "}"
        reporter.report(Diagnostic(
            .error, .literalSecret, "'\(field)' holds a literal secret; it must be a ${VAR} reference",
            at: text.location,
            hint: "move the value into a CI secret or environment variable and write \(field): \"\(example)\"; "
                + "then revoke the value that was committed, it is in the git history",
            showsSource: false))
    }

    /// A public URL (a Scan seed, the page URL) with a password in it: the password must go.
    static func reportCredentialsInURL(_ text: Located<String>, field: String, reporter: inout NodeReader) {
        reporter.report(Diagnostic(
            .error, .literalSecret, "'\(field)' has a user name and password in its URL", at: text.location,
            hint: "remove 'user:password@' from the URL; an endpoint that needs credentials takes them from a header such as "
                + "Authorization: \"Bearer ${TOKEN}\"; then revoke the password: it is in the git history",
            showsSource: false))
    }

    /// A URL with a password in its user-info part (`scheme://USER:PASSWORD@host`).
    static func hasCredentials(_ url: String) -> Bool { URLText.hasPassword(url) }

    /// Authorization-like headers must take their credential from a reference; a literal JWT is refused anywhere.
    static func checkHeader(name: String, value: Located<String>, reporter: inout NodeReader) {
        checkReferences(in: value, reporter: &reporter)
        let sensitive = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]
        let hasReference = !references(in: value.value).isEmpty
        if (sensitive.contains(name.lowercased()) && !hasReference) || looksLikeJWT(value.value) {
            reportLiteral(value, field: name, reporter: &reporter)
        }
    }

    static func looksLikeJWT(_ text: String) -> Bool {
        text.split(whereSeparator: { $0 == " " }).contains { word in
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && word.hasPrefix("eyJ") && parts.allSatisfy { $0.count >= 4 }
        }
    }
}
