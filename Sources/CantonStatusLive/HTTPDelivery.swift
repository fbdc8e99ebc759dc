public import AsyncHTTPClient
public import Model
public import Notify
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// Posts webhook, Slack, Discord and Teams messages with one shared AsyncHTTPClient.
///
/// Redirects are refused (a webhook that redirects is misconfigured, and following it would resend
/// a signed body elsewhere); TLS is verified against the system's roots; every request has a
/// deadline; at most 64 KiB of a response is read. Failure reasons name what went wrong, never the
/// URL, whose path is the secret of an incoming webhook.
public final class HTTPDelivery: Sendable {
    private let client: HTTPClient
    private let userAgent: String
    private let timeout: Interval

    public init(userAgent: String, timeout: Interval = .seconds(10)) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.userAgent = userAgent
        self.timeout = timeout
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func post(_ request: WebRequest) async -> DeliveryOutcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        outgoing.headers.add(name: "user-agent", value: userAgent)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let client = self.client
        let prepared = outgoing
        let timeout = self.timeout
        do {
            // One budget for the headers and the drained body: a receiver that stalls mid-body
            // cannot hold the run.
            return try await Deadline(limit: timeout).run(reason: "no answer within \(timeout.spoken)") { () async throws -> DeliveryOutcome in
                let response = try await client.execute(prepared, timeout: .milliseconds(timeout.milliseconds))
                // Drain (and bound) the body so the connection can be reused; only a rate limit's
                // body is read (Discord says how long to wait in it).
                let body = try? await response.body.collect(upTo: 64 * 1024)
                return .http(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"),
                             body: body.map { Array($0.readableBytesView) } ?? [])
            }
        } catch let exceeded as Deadline.Exceeded {
            return .failed(reason: exceeded.reason)
        } catch {
            return .failed(reason: HTTPFailure.reason(error, timeout: timeout))
        }
    }
}
