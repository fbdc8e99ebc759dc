internal import FlyingFox
internal import Foundation

extension HTTPResponse {
    static func json(_ body: JSON, status: HTTPStatusCode = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return HTTPResponse(statusCode: status, headers: headers, body: Data(body.text.utf8))
    }

    /// Health endpoints answer with an empty body (canton-api.md §1).
    static func empty(_ status: HTTPStatusCode) -> HTTPResponse {
        HTTPResponse(statusCode: status)
    }

    /// An error as `{"error":"…"}`, the shape Splice uses for its own error bodies.
    static func problem(_ status: HTTPStatusCode, _ message: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        .json(["error": .string(message)], status: status, headers: headers)
    }

    /// `readyz`, `livez`, `status` and `version` of one Splice app, or nil for any other endpoint.
    static func health(
        _ endpoint: String, app: String, owner: String, up: Bool,
        release: (version: String, committedAt: String), world: World
    ) -> HTTPResponse? {
        switch endpoint {
        case "readyz": .empty(up ? .ok : .serviceUnavailable)
        case "livez": .empty(.ok)
        case "status": .json(HealthDocuments.status(app: app, owner: owner, up: up, world: world))
        case "version": .json(HealthDocuments.version(release))
        default: nil
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    func dropping(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
