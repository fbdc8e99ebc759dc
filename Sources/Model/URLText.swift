internal import Foundation

/// The parts of a URL written in content or received from a network, taken apart as text: no
/// percent-decoding, no normalisation, so what is checked or shown is exactly what was written.
package enum URLText {
    /// `user:password@host:port` of `scheme://user:password@host:port/path`; `nil` without `://`.
    static func authority(of url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        return url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    }

    /// `scheme://`, including the separator.
    package static func schemePrefix(of url: String) -> Substring? {
        url.range(of: "://").map { url[..<$0.upperBound] }
    }

    /// `host:port`: the authority without user-info.
    package static func hostAndPort(of url: String) -> Substring? {
        authority(of: url).map { $0.split(separator: "@", omittingEmptySubsequences: false).last ?? $0 }
    }

    /// The host alone, lower-cased, without brackets around an IPv6 literal; empty when absent.
    package static func host(of url: String) -> String {
        guard let hostAndPort = hostAndPort(of: url) else { return "" }
        if hostAndPort.hasPrefix("[") { return String(hostAndPort.prefix { $0 != "]" }.dropFirst()).lowercased() }
        return String(hostAndPort.prefix { $0 != ":" }).lowercased()
    }

    /// Whether the user-info holds a password (`scheme://USER:PASSWORD@host`).
    package static func hasPassword(_ url: String) -> Bool {
        guard let authority = authority(of: url), let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }

    /// Whether `text` is an absolute http(s) URL with a host and no whitespace: what a page links.
    package static func isAbsoluteHTTP(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), let authority = authority(of: text) else { return false }
        return !authority.isEmpty && !text.contains(where: \.isWhitespace)
    }
}
