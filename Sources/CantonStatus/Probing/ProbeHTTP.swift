/// How probes reach the network. The live one is AsyncHTTPClient with every limit enforced; the
/// core only sees outcomes, so every rule about what an answer means is tested without a network.
public protocol ProbeHTTP: Sendable {
    /// Never throws: a timeout, a refused connection or a body over the cap is a `.failure` with a
    /// reason a person understands.
    func fetch(_ request: ProbeRequest) async -> ProbeResponse
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
