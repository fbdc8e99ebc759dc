internal import AsyncHTTPClient
internal import Model

/// One wording for transport failures, for probes and notifications alike: short, for people, and
/// never containing the URL (an incoming webhook's path is its secret).
enum HTTPFailure {
    static let tlsFailed = "TLS failed (certificate not trusted?)"

    static func reason(_ error: any Error, timeout: Interval) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "timeout after \(timeout.spoken)"
            case .connectTimeout: return "connection timed out"
            case .redirectCycleDetected: return "redirect loop"
            case .redirectLimitReached: return "more than 3 redirects"
            case .remoteConnectionClosed: return "connection closed before an answer"
            case .invalidURL, .emptyHost, .emptyScheme: return "not a valid URL"
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("refused") { return "connection refused" }
        if text.contains("NIOSSL") || text.contains("handshake") || text.contains("certificate") { return tlsFailed }
        if text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("unknown host") { return "host name does not resolve" }
        return "request failed (\(type(of: error)))"
    }
}
