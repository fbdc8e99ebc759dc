import Probing
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Model

#if canImport(Glibc)
    import Glibc
#endif

/// `ProbeClient.checkHealth` against grpc.io's reference health server (grpcio-health-checking)
/// and against peers that are not gRPC servers, all on 127.0.0.1, every wait bounded.
@Suite struct GRPCHealthClientTests {
    @Test func reportsEveryServingStatusTheReferenceServerSends() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let expected: [(service: String, status: HealthStatus)] = [
            ("", .serving), ("broken", .notServing), ("maybe", .unknown), ("gone", .serviceUnknown),
            // SERVING followed by fields health.proto does not have (real protobuf bytes).
            ("padded", .serving),
        ]
        for (service, status) in expected {
            let response = await healthCheck(HealthCheckRequest(url: server.grpcURL, service: service, timeout: Self.patient))
            #expect(response.outcome == .status(status), "service '\(service)'")
            #expect((0..<30_000).contains(response.latencyMilliseconds))
        }
    }

    @Test func anUnknownServiceIsNotFoundInWords() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let response = await healthCheck(HealthCheckRequest(url: server.grpcURL, service: "com.example.Nope", timeout: Self.patient))
        #expect(response.outcome == .failure("gRPC NOT_FOUND: unknown service 'com.example.Nope'"))
    }

    @Test func aResponseOverTheCapIsRefused() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let response = await healthCheck(HealthCheckRequest(url: server.grpcURL, service: "huge", timeout: Self.patient))
        #expect(response.outcome == .failure("response larger than 4 KiB"))
        // The same answer under a cap it fits.
        let roomy = await healthCheck(HealthCheckRequest(url: server.grpcURL, service: "huge", timeout: Self.patient, maximumBytes: 16 << 10))
        #expect(roomy.outcome == .status(.serving))
    }

    /// Guards against a call that outlives its timeout, or a socket left open after giving up: the
    /// hang server accepts TCP and never sends the HTTP/2 preface, so only the deadline ends the call.
    @Test func aServerThatNeverAnswersTimesOutAndTheConnectionIsClosed() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let started = ContinuousClock.now
        let responses = await withTaskGroup(of: HealthCheckResponse.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await healthCheck(HealthCheckRequest(url: "http://127.0.0.1:\(server.hangPort)", timeout: .seconds(1)))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - started
        #expect(responses.allSatisfy { $0.outcome == .failure("timeout after 1 s") }, "\(responses.map(\.outcome))")
        // The outcome shows the deadline ended each call (the peer never closes); the upper bounds
        // only show it ended at all, and are loose on purpose: in a full `swift test` other tests
        // block the shared pool's two threads (synchronous process waits) for many seconds, which
        // delays every task, the deadline's own included.
        #expect(responses.allSatisfy { (900..<20_000).contains($0.latencyMilliseconds) }, "\(responses.map(\.latencyMilliseconds))")
        #expect(elapsed < .seconds(30), "took \(elapsed)")
        var open = try await server.openHangConnections()
        for _ in 0..<30 where open > 0 {
            try await Task.sleep(for: .milliseconds(100))
            open = try await server.openHangConnections()
        }
        #expect(open == 0, "connections still open after the calls returned")
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let port = try closedPort()
        // The words alone show the refusal was not retried: a client waiting for the connection to
        // become ready would end as "timeout after 30 s". (No latency bound: see the hang test.)
        let response = await healthCheck(HealthCheckRequest(url: "http://127.0.0.1:\(port)", timeout: .seconds(30)))
        #expect(response.outcome == .failure("connection refused"))
    }

    /// For calls that must fail with a reason, not a timeout: far beyond what the answer takes, so
    /// that a loaded machine (a full parallel test run) cannot turn the reason into "timeout".
    static let patient: Interval = .seconds(30)

    @Test func anHTTP1ServerIsNotAGRPCServer() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let response = await healthCheck(HealthCheckRequest(url: "http://127.0.0.1:\(server.httpPort)", timeout: Self.patient))
        guard case .failure(let reason) = response.outcome else {
            Issue.record("an HTTP/1.1 server passed a gRPC health check: \(response.outcome)")
            return
        }
        #expect(reason.hasPrefix("not a gRPC server"), "\(reason)")
    }

    @Test func httpsToAPlaintextServerFailsTLS() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let response = await healthCheck(HealthCheckRequest(url: "https://127.0.0.1:\(server.grpcPort)", timeout: Self.patient))
        guard case .failure(let reason) = response.outcome else {
            Issue.record("TLS to a plaintext server succeeded: \(response.outcome)")
            return
        }
        #expect(reason.hasPrefix("TLS failed"), "\(reason)")
    }

    @Test func aSelfSignedCertificateIsNotTrusted() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let response = await healthCheck(HealthCheckRequest(url: "https://127.0.0.1:\(server.tlsPort)", timeout: Self.patient))
        #expect(response.outcome == .failure("TLS failed: certificate not trusted"))
    }

    @Test func manyConcurrentCallsAllAnswer() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        let outcomes = await withTaskGroup(of: HealthCheckResponse.Outcome.self) { group in
            for index in 0..<64 {
                // Half by name, so 64 lookups run at once too.
                let url = index < 32 ? server.grpcURL : "http://localhost:\(server.grpcPort)"
                group.addTask {
                    await healthCheck(HealthCheckRequest(url: url, service: index.isMultiple(of: 2) ? "" : "broken", timeout: Self.patient)).outcome
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .status(.serving) }.count == 32, "\(outcomes)")
        #expect(outcomes.filter { $0 == .status(.notServing) }.count == 32)
    }

    struct RefusedURL: Sendable, CustomTestStringConvertible {
        var url: String
        var reason: String
        var testDescription: String { url }
    }

    /// None of these opens a socket: the refusal comes from reading the URL, before a transport
    /// exists, so its latency is 0 (and TEST-NET-1, 192.0.2.0/24, would be unroutable anyway).
    @Test(arguments: [
        RefusedURL(url: "http://192.0.2.1:443", reason: "plaintext gRPC is allowed only on loopback; use https"),
        RefusedURL(url: "http://10.0.0.7:50051", reason: "plaintext gRPC is allowed only on loopback; use https"),
        RefusedURL(url: "http://[2001:db8::1]:50051", reason: "plaintext gRPC is allowed only on loopback; use https"),
        RefusedURL(url: "http://localhost.example.com:50051", reason: "plaintext gRPC is allowed only on loopback; use https"),
        RefusedURL(url: "ftp://127.0.0.1:21", reason: "unsupported URL scheme 'ftp' for gRPC; use https"),
        RefusedURL(url: "grpc://127.0.0.1:50051", reason: "unsupported URL scheme 'grpc' for gRPC; use https"),
        RefusedURL(url: "sequencer.example.com:443", reason: "not a valid URL"),
        RefusedURL(url: "not a url", reason: "not a valid URL"),
        RefusedURL(url: "https://", reason: "not a valid URL"),
        RefusedURL(url: "https://user:pw@sequencer.example.com", reason: "a gRPC URL must not carry credentials"),
    ])
    func refusesBadOrPlaintextRemoteURLsWithoutConnecting(_ example: RefusedURL) async {
        let response = await healthCheck(HealthCheckRequest(url: example.url, timeout: .seconds(5)))
        #expect(response.outcome == .failure(example.reason))
        #expect(response.latencyMilliseconds == 0)
    }

    @Test func loopbackAddressesAreAllowedInPlaintext() async throws {
        let server = try await GRPCReferenceServer()
        defer { server.stop() }
        // 127.0.0.0/8 is loopback as a whole; the server listens on 127.0.0.1 only, so 127.0.0.2
        // reaches no one (refused) but is not refused by the loopback rule.
        let other = await healthCheck(HealthCheckRequest(url: "http://127.0.0.2:\(server.grpcPort)", timeout: .seconds(2)))
        #expect(other.outcome != .failure("plaintext gRPC is allowed only on loopback; use https"))
        let response = await healthCheck(HealthCheckRequest(url: server.grpcURL + "/ignored/path", timeout: Self.patient))
        #expect(response.outcome == .status(.serving))
        // A name: resolved by the client itself (HostResolver), and held to resolving to loopback.
        let named = await healthCheck(HealthCheckRequest(url: "http://localhost:\(server.grpcPort)", timeout: Self.patient))
        #expect(named.outcome == .status(.serving))
    }

    /// A port that was just bound and released on 127.0.0.1, so nothing listens there.
    private func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw GRPCReferenceServerError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw GRPCReferenceServerError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// One check through the prober's client, which is shut down afterwards.
func healthCheck(_ request: HealthCheckRequest) async -> HealthCheckResponse {
    let client = ProbeClient(userAgent: "canton-status-tests")
    let response = await client.checkHealth(request)
    await client.shutdown()
    return response
}
