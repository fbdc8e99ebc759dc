public import Model

/// How probes reach the network: HTTP for Scan, SV and validator APIs, and the gRPC health service
/// for sequencers. The live one is AsyncHTTPClient and grpc-swift with every limit enforced; the
/// core only sees outcomes, so every rule about what an answer means is tested without a network.
public protocol ProbeTransport: Sendable {
    /// Never throws: a timeout, a refused connection or a body over the cap is a `.failure` with a
    /// reason a person understands.
    func fetch(_ request: ProbeRequest) async -> ProbeResponse

    /// One `grpc.health.v1.Health/Check` call. Never throws, like `fetch`.
    func checkHealth(_ request: HealthCheckRequest) async -> HealthCheckResponse
}

public struct ProbeRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// The whole request, connect to last byte.
    public var timeout: Interval
    /// The most of a body read; a larger one fails the request without being held in memory.
    public var maximumBytes: Int

    public static let defaultTimeout = Interval.seconds(5)
    public static let defaultMaximumBytes = 1 << 20

    public init(url: String, method: String = "GET", headers: [(String, String)] = [], body: [UInt8]? = nil,
                timeout: Interval = defaultTimeout, maximumBytes: Int = defaultMaximumBytes) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }
}

public struct ProbeResponse: Sendable {
    public enum Outcome: Sendable {
        case response(status: Int, body: [UInt8])
        case failure(String)
    }

    public var outcome: Outcome
    /// Time to the complete answer (or to the failure).
    public var latencyMilliseconds: Int

    public init(outcome: Outcome, latencyMilliseconds: Int) {
        self.outcome = outcome
        self.latencyMilliseconds = latencyMilliseconds
    }
}

/// A gRPC health check (`grpc.health.v1.Health/Check`) of one endpoint, such as an SV's public
/// sequencer (`https://sequencer-4.sv-1.…`).
///
/// `https` is TLS verified against the system's roots; `http` (plaintext) is allowed only for a
/// loopback host, since a sequencer on the internet always terminates TLS and a plaintext answer
/// from elsewhere proves nothing about it.
public struct HealthCheckRequest: Sendable, Equatable {
    /// `https://host[:port]` (443 by default) or `http://127.0.0.1:port`; any path is ignored.
    public var url: String
    /// The service asked about; `""` is the server as a whole (a Canton node's readiness).
    public var service: String
    /// The whole call, connect to the response.
    public var timeout: Interval
    /// The largest response message accepted; a health response is a few bytes.
    public var maximumBytes: Int

    public static let defaultMaximumBytes = 4096

    public init(url: String, service: String = "", timeout: Interval = ProbeRequest.defaultTimeout,
                maximumBytes: Int = defaultMaximumBytes) {
        self.url = url
        self.service = service
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }
}

/// `grpc.health.v1.HealthCheckResponse.ServingStatus`.
public enum HealthStatus: String, Sendable, Equatable {
    case unknown = "UNKNOWN"
    case serving = "SERVING"
    case notServing = "NOT_SERVING"
    /// Only the streaming `Watch` sends it, but a server may answer it to `Check` too.
    case serviceUnknown = "SERVICE_UNKNOWN"

    /// The wire number of the enum value.
    public init?(wireValue: Int) {
        switch wireValue {
        case 0: self = .unknown
        case 1: self = .serving
        case 2: self = .notServing
        case 3: self = .serviceUnknown
        default: return nil
        }
    }

    public var wireValue: Int {
        switch self {
        case .unknown: 0
        case .serving: 1
        case .notServing: 2
        case .serviceUnknown: 3
        }
    }
}

public struct HealthCheckResponse: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The server answered the call with a status.
        case status(HealthStatus)
        /// No status: a short reason a person understands ("timeout after 5 s", "connection
        /// refused", "gRPC NOT_FOUND: unknown service", "not a gRPC server (HTTP 415)").
        case failure(String)
    }

    public var outcome: Outcome
    public var latencyMilliseconds: Int

    public init(outcome: Outcome, latencyMilliseconds: Int) {
        self.outcome = outcome
        self.latencyMilliseconds = latencyMilliseconds
    }
}
