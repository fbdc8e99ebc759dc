public import AsyncHTTPClient
internal import Model
public import Probing
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// The prober's HTTP client: one shared AsyncHTTPClient for a whole run.
///
/// Every request has a deadline (the check's timeout, connect to last byte); at most 3 redirects
/// are followed, and a cycle is refused; TLS is verified against the system's roots; the body is
/// streamed and abandoned as soon as it passes the cap, so a server sending gigabytes costs only
/// the cap in memory. Every request names the tool and its version in `User-Agent`.
public final class ProbeClient: ProbeTransport {
    private let client: HTTPClient
    private let userAgent: String

    public init(userAgent: String) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 3, allowCycles: false))
        configuration.timeout = .init(connect: .seconds(5))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.userAgent = userAgent
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func fetch(_ request: ProbeRequest) async -> ProbeResponse {
        let started = ContinuousClock.now
        func elapsed() -> Int {
            Int(Interval(ContinuousClock.now - started).milliseconds)
        }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "user-agent", value: userAgent)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let timeout = TimeAmount.milliseconds(request.timeout.milliseconds)
        let client = self.client
        let prepared = outgoing
        do {
            // AsyncHTTPClient's deadline ends when the headers arrive; the body gets the rest of the
            // same budget here, so a server that stalls mid-body is cut off at the check's timeout.
            let outcome = try await Deadline(limit: request.timeout).run(reason: "timeout after \(request.timeout.spoken)") { () async throws -> ProbeResponse.Outcome in
                let response = try await client.execute(prepared, deadline: .now() + timeout)
                var body: [UInt8] = []
                for try await chunk in response.body {
                    guard body.count + chunk.readableBytes <= request.maximumBytes else {
                        return .failure("response larger than \(Self.size(request.maximumBytes))")
                    }
                    body += chunk.readableBytesView
                }
                return .response(status: Int(response.status.code), body: body)
            }
            return ProbeResponse(outcome: outcome, latencyMilliseconds: elapsed())
        } catch let exceeded as Deadline.Exceeded {
            return ProbeResponse(outcome: .failure(exceeded.reason), latencyMilliseconds: elapsed())
        } catch {
            return ProbeResponse(outcome: .failure(HTTPFailure.reason(error, timeout: request.timeout)), latencyMilliseconds: elapsed())
        }
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}

extension ProbeClient {
    /// A gRPC health check over its own connection (``GRPCHealthClient``), closed before this returns.
    public func checkHealth(_ request: HealthCheckRequest) async -> HealthCheckResponse {
        await GRPCHealthClient().check(request)
    }
}
