internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Where a gRPC health check connects and whether it uses TLS, read from `HealthCheckRequest.url`.
///
/// The loopback rule lives here, before any socket exists: plaintext (`http`) is allowed only for
/// 127.0.0.0/8, ::1 and `localhost`, because a plaintext answer from anywhere else proves nothing
/// about a sequencer that is published behind TLS, and a probe must not be talked into sending
/// cleartext across the internet by a typo in a config.
struct GRPCHealthTarget: Equatable, Sendable {
    enum Host: Equatable, Sendable {
        case ipv4(String)
        case ipv6(String)
        case name(String)
    }

    var host: Host
    var port: Int
    var usesTLS: Bool

    /// Why a URL cannot be checked, in words for the status page.
    struct Refusal: Error, Equatable {
        var reason: String
    }

    static let plaintextOffLoopback = "plaintext gRPC is allowed only on loopback; use https"

    /// `https://host[:port]` (443 by default) or `http://loopback:port` (80 by default); a path is ignored.
    static func parse(_ url: String) -> Result<GRPCHealthTarget, Refusal> {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let rawHost = components.host, !rawHost.isEmpty
        else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        guard scheme == "https" || scheme == "http" else {
            return .failure(Refusal(reason: "unsupported URL scheme '\(scheme)' for gRPC; use https"))
        }
        guard components.user == nil, components.password == nil else {
            return .failure(Refusal(reason: "a gRPC URL must not carry credentials"))
        }
        let usesTLS = scheme == "https"
        let port = components.port ?? (usesTLS ? 443 : 80)
        guard (1...65_535).contains(port) else { return .failure(Refusal(reason: "not a valid URL")) }
        let host = classify(rawHost)
        if !usesTLS && !isLoopback(host) { return .failure(Refusal(reason: plaintextOffLoopback)) }
        return .success(GRPCHealthTarget(host: host, port: port, usesTLS: usesTLS))
    }

    /// An IP literal (`[::1]` loses its brackets) or a host name, lowercased.
    static func classify(_ rawHost: String) -> Host {
        var text = rawHost
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if ipv4Bytes(text) != nil { return .ipv4(text) }
        if ipv6Bytes(text) != nil { return .ipv6(text) }
        return .name(text.lowercased())
    }

    static func isLoopback(_ host: Host) -> Bool {
        switch host {
        case .ipv4(let text):
            return ipv4Bytes(text)?.first == 127
        case .ipv6(let text):
            guard let bytes = ipv6Bytes(text) else { return false }
            if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }  // ::1
            // ::ffff:127.x.y.z, an IPv4 loopback address written as IPv6.
            return bytes.prefix(12) == [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] && bytes[12] == 127
        case .name(let name):
            return name == "localhost" || name == "localhost."
        }
    }

    /// The four bytes of a dotted-quad IPv4 literal (inet_pton: no octal, no short forms).
    private static func ipv4Bytes(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
