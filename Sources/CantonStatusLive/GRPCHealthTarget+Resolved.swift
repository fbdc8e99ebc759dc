internal import GRPCNIOTransportHTTP2Posix

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension GRPCHealthTarget {
    /// The transport's target, always IP addresses (``HostResolver`` says why), and for a host name
    /// the authority that makes the name the TLS server name (SNI), the name the certificate is
    /// verified against, and the `:authority` header. An IP literal is verified against the
    /// certificate's IP addresses instead.
    func resolved() async throws -> (target: any ResolvableTarget, authority: String?) {
        switch host {
        case .ipv4(let address):
            return (ResolvableTargets.IPv4(addresses: [.init(host: address, port: port)]), nil)
        case .ipv6(let address):
            return (ResolvableTargets.IPv6(addresses: [.init(host: address, port: port)]), nil)
        case .name(let name):
            let addresses = try await HostResolver.resolve(name, port: port)
            // Plaintext was allowed for `localhost` on the promise that it is loopback; hold it to that.
            let all = addresses.ipv4.map(Host.ipv4) + addresses.ipv6.map(Host.ipv6)
            if !usesTLS, !all.allSatisfy(Self.isLoopback) {
                throw Refusal(reason: Self.plaintextOffLoopback)
            }
            let authority = "\(name):\(port)"
            if !addresses.ipv4.isEmpty {
                let ipv4 = addresses.ipv4.map { SocketAddress.IPv4(host: $0, port: port) }
                return (ResolvableTargets.IPv4(addresses: ipv4), authority)
            }
            guard !addresses.ipv6.isEmpty else { throw HostResolver.Failure(code: EAI_NONAME) }
            let ipv6 = addresses.ipv6.map { SocketAddress.IPv6(host: $0, port: port) }
            return (ResolvableTargets.IPv6(addresses: ipv6), authority)
        }
    }
}
