internal import Dispatch
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Host-name lookups for gRPC health checks that a deadline can abandon.
///
/// grpc-swift-nio-transport 2.9.2 resolves DNS targets with `getaddrinfo` on one *serial* dispatch
/// queue and waits for it without regard to cancellation: 64 concurrent checks would queue behind
/// each other's lookups, and a resolver that stalls would hold a check past its timeout (the task
/// group around the call waits for it). Here each lookup runs on its own global-queue thread, and
/// a cancelled caller returns at once; the abandoned lookup ends on its own (the system resolver's
/// timeout) and its result is dropped. The transport then gets IP addresses only.
enum HostResolver {
    /// Addresses in presentation form, grouped by family, in the order the system returned them.
    struct Addresses: Equatable, Sendable {
        var ipv4: [String] = []
        var ipv6: [String] = []
    }

    struct Failure: Error, Equatable {
        /// The `getaddrinfo` error code (`EAI_NONAME` and the like).
        var code: Int32
    }

    static func resolve(_ host: String, port: Int) async throws -> Addresses {
        let once = ResumeOnce()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard once.install(continuation) else { return }
                DispatchQueue.global().async {
                    once.resume(with: Result { try lookUp(host, port: port) })
                }
            }
        } onCancel: {
            once.resume(with: .failure(CancellationError()))
        }
    }

    /// Blocking; call off the cooperative pool.
    private static func lookUp(_ host: String, port: Int) throws -> Addresses {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else { throw Failure(code: code) }
        defer { freeaddrinfo(list) }
        var addresses = Addresses()
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ai_next }
            guard let socketAddress = current.pointee.ai_addr else { continue }
            switch current.pointee.ai_family {
            case AF_INET:
                var address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    $0.pointee.sin_addr
                }
                if let text = presentation(AF_INET, &address, length: Int(INET_ADDRSTRLEN)) {
                    addresses.ipv4.append(text)
                }
            case AF_INET6:
                var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    $0.pointee.sin6_addr
                }
                if let text = presentation(AF_INET6, &address, length: Int(INET6_ADDRSTRLEN)) {
                    addresses.ipv6.append(text)
                }
            default:
                continue
            }
        }
        return addresses
    }

    private static func presentation(_ family: Int32, _ address: UnsafeRawPointer, length: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Resumes a continuation exactly once: with the lookup's result, or with cancellation, whichever
/// comes first, also when cancellation comes before the continuation exists.
private final class ResumeOnce: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<HostResolver.Addresses, any Error>)
        case cancelledEarly
        case done
    }

    private let state = Mutex(State.idle)

    /// False when the caller was already cancelled; the continuation has then been resumed.
    func install(_ continuation: CheckedContinuation<HostResolver.Addresses, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            guard case .idle = state else {
                state = .done
                return true
            }
            state = .waiting(continuation)
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    func resume(with result: Result<HostResolver.Addresses, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<HostResolver.Addresses, any Error>? in
            switch state {
            case .waiting(let continuation):
                state = .done
                return continuation
            case .idle:
                // Only cancellation can come first; remember it for install(_:).
                state = .cancelledEarly
                return nil
            case .cancelledEarly, .done:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}
