internal import Probing
internal import GRPCCore
internal import GRPCHealth
internal import NIOCore
internal import NIOPosix
internal import Model

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Words for a failed gRPC health call, in the tone of ``HTTPFailure``: short, for people, and
/// never containing the URL or text the server chose.
///
/// grpc-swift reports most transport trouble as `UNAVAILABLE` with the NIO error as a cause some
/// levels down, so the reason is found by walking the cause chain; the server's own status codes
/// are named as the gRPC spec spells them (`NOT_FOUND`).
enum GRPCFailure {
    static func reason(_ error: any Error, request: HealthCheckRequest) -> String {
        let timeout = "timeout after \(request.timeout.spoken)"
        if let exceeded = error as? Deadline.Exceeded { return exceeded.reason }
        if let refusal = error as? GRPCHealthTarget.Refusal { return refusal.reason }
        if error is HostResolver.Failure { return "host name does not resolve" }
        let chain = causes(of: error)
        guard let rpc = chain.lazy.compactMap({ $0 as? RPCError }).first else {
            return transportReason(chain) ?? "gRPC call failed (\(type(of: error)))"
        }
        // The transport's own words for a peer that answered HTTP/2 but not gRPC.
        if rpc.message.hasPrefix("Unexpected non-200 HTTP Status Code"), let status = firstNumber(in: rpc.message) {
            return "not a gRPC server (HTTP \(status))"
        }
        if rpc.message.hasPrefix("Missing content-type header") {
            return "not a gRPC server (no gRPC content type)"
        }
        // The transport's deframer reports its cap as INTERNAL ("Failed to decode message
        // resourceExhausted: …exceeded the configured maximum payload size…"); the deserializer's
        // own check arrives as RESOURCE_EXHAUSTED with HealthMessageTooLarge as the cause.
        if rpc.message.contains("exceeded the configured maximum payload size")
            || chain.contains(where: { $0 is HealthMessageTooLarge })
        {
            return "response larger than \(size(request.maximumBytes))"
        }
        switch rpc.code {
        case .deadlineExceeded:
            return timeout
        case .unimplemented where rpc.message.hasPrefix("No messages received"):
            return "malformed health response (no message)"
        case .unimplemented where rpc.message.hasPrefix("Multiple messages received"):
            return "malformed health response (more than one message)"
        case .unimplemented:
            return "gRPC UNIMPLEMENTED: no health service"
        case .notFound:
            return "gRPC NOT_FOUND: unknown service '\(request.service)'"
        case .internalError:
            if let decoding = chain.lazy.compactMap({ $0 as? ProtobufDecodingError }).first {
                return "malformed health response (\(decoding))"
            }
        default:
            break
        }
        if let words = transportReason(chain) { return words }
        return "gRPC \(name(of: rpc.code))"
    }

    /// The error, its causes, and the per-address errors of a failed connect, outermost first.
    static func causes(of error: any Error) -> [any Error] {
        var chain: [any Error] = []
        var pending: [any Error] = [error]
        while let next = pending.first, chain.count < 16 {
            pending.removeFirst()
            chain.append(next)
            if let rpc = next as? RPCError, let cause = rpc.cause { pending.append(cause) }
            if let runtime = next as? RuntimeError, let cause = runtime.cause { pending.append(cause) }
            if let connect = next as? NIOConnectionError {
                pending += connect.connectionErrors.map(\.error)
                if let dns = connect.dnsAError { pending.append(dns) }
                if let dns = connect.dnsAAAAError { pending.append(dns) }
            }
        }
        return chain
    }

    /// What the network said below gRPC: refused, reset, TLS, not HTTP/2, no such host.
    private static func transportReason(_ chain: [any Error]) -> String? {
        for error in chain {
            if let io = error as? IOError {
                switch io.errnoCode {
                case ECONNREFUSED: return "connection refused"
                case ECONNRESET: return "connection reset"
                case ETIMEDOUT: return "connection timed out"
                case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
                default: break
                }
            }
        }
        for error in chain {
            let type = String(reflecting: Swift.type(of: error))
            let text = String(describing: error)
            if type.contains("NIOSSL") || type.contains("BoringSSL") {
                if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
                    return "TLS failed: certificate not trusted"
                }
                // BoringSSL's words when the first bytes back are not a TLS record.
                if text.contains("WRONG_VERSION_NUMBER") { return "TLS failed: the server did not answer in TLS" }
                return "TLS failed: handshake error"
            }
            if type.contains("NIOHTTP2") { return "not a gRPC server (no HTTP/2)" }
            if error is SocketAddressError || text.contains("NXDOMAIN") || text.contains("resolve") {
                return "host name does not resolve"
            }
        }
        for error in chain where String(describing: error).contains("refused") { return "connection refused" }
        return nil
    }

    private static func firstNumber(in text: String) -> Int? {
        guard let match = text.firstMatch(of: /\d{3}/) else { return nil }
        return Int(match.output)
    }

    private static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The canonical upper-case name (`NOT_FOUND`), as grpc's docs and every other client print it.
    static func name(of code: RPCError.Code) -> String {
        let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
            "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ]
        return names.indices.contains(code.rawValue) ? names[code.rawValue] : "status \(code.rawValue)"
    }
}
