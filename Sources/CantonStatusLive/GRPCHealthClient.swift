internal import Model
public import Probing
internal import GRPCCore
internal import GRPCHealth
internal import GRPCNIOTransportHTTP2Posix

/// `grpc.health.v1.Health/Check` over grpc-swift's HTTP/2 Posix transport, for sequencers.
///
/// Each call opens its own connection and closes it before returning: a run checks each sequencer
/// once, so a pool would only keep sockets open between runs. The client holds no state, so any
/// number of calls may run at once (the prober runs 64).
///
/// Limits, all from the request: the timeout bounds the whole call, connect included, both as the
/// gRPC deadline (sent to the server as `grpc-timeout`) and as a hard outer ``Deadline`` that
/// cancels the call, so a peer that accepts TCP and never speaks HTTP/2 ends on time too; and the
/// response is capped at `maximumBytes`. `waitForReady` is off, so a refused connection fails at
/// once instead of being retried until the deadline.
public struct GRPCHealthClient: Sendable {
    public init() {}

    /// Never throws; every failure is a `.failure` in words (``GRPCFailure``). The latency is the
    /// time to the answer (or to the failure), without the connection's shutdown afterwards.
    public func check(_ request: HealthCheckRequest) async -> HealthCheckResponse {
        let started = ContinuousClock.now
        func milliseconds(to instant: ContinuousClock.Instant) -> Int {
            Int(Interval(instant - started).milliseconds)
        }
        let target: GRPCHealthTarget
        switch GRPCHealthTarget.parse(request.url) {
        case .success(let parsed): target = parsed
        case .failure(let refusal):
            return HealthCheckResponse(outcome: .failure(refusal.reason), latencyMilliseconds: 0)
        }
        do {
            let (message, answeredAt) = try await Deadline(limit: request.timeout).run(
                reason: "timeout after \(request.timeout.spoken)"
            ) {
                try await Self.call(target, request)
            }
            return HealthCheckResponse(
                outcome: Self.outcome(message.status), latencyMilliseconds: milliseconds(to: answeredAt))
        } catch {
            let reason = GRPCFailure.reason(error, request: request)
            return HealthCheckResponse(outcome: .failure(reason), latencyMilliseconds: milliseconds(to: .now))
        }
    }

    /// One connection, one call; `withGRPCClient` shuts the client and its connection down before
    /// it returns, also when the call throws or is cancelled by the outer deadline.
    private static func call(
        _ target: GRPCHealthTarget, _ request: HealthCheckRequest
    ) async throws -> (HealthCheckResponseMessage, ContinuousClock.Instant) {
        let (resolvable, authority) = try await target.resolved()
        let config = HTTP2ClientTransport.Posix.Config.defaults { $0.http2.authority = authority }
        let transport = try HTTP2ClientTransport.Posix(
            target: resolvable, transportSecurity: target.usesTLS ? .tls : .plaintext, config: config)
        let message = HealthCheckRequestMessage(service: request.service)
        var options = CallOptions.defaults
        options.timeout = .milliseconds(request.timeout.milliseconds)
        options.waitForReady = false
        options.maxResponseMessageBytes = request.maximumBytes
        // grpc-swift-nio-transport 2.9.2 limits *inbound* messages by maxRequestMessageBytes (its
        // client stream handler passes that value to the deframer), so the cap is set there too; the
        // request itself (the service name) is allowed through whatever its length.
        options.maxRequestMessageBytes = max(request.maximumBytes, message.serializedBytes().count)
        return try await withGRPCClient(transport: transport) { client in
            try await client.unary(
                request: ClientRequest(message: message), descriptor: .healthCheck,
                serializer: HealthMessageSerializer<HealthCheckRequestMessage>(),
                deserializer: HealthMessageDeserializer<HealthCheckResponseMessage>(
                    maximumBytes: request.maximumBytes),
                options: options
            ) { response in
                (try response.message, ContinuousClock.now)
            }
        }
    }

    /// Every status the server can send is an answer, not a failure; only a number outside the
    /// enum (which a newer health.proto could add) is reported as such.
    static func outcome(_ status: HealthCheckResponseMessage.ServingStatus) -> HealthCheckResponse.Outcome {
        guard let known = HealthStatus(wireValue: Int(status.rawValue)) else {
            return .failure("unknown serving status \(status.rawValue)")
        }
        return .status(known)
    }
}
