internal import Model
internal import FlyingFox
internal import FlyingSocks
public import Foundation

/// Serves a built site from a folder on 127.0.0.1 for `canton-status preview`, or an error page
/// while the content does not validate. Loopback only: a preview shows unpublished incidents.
public actor PreviewServer {
    private let server: HTTPServer
    private let task: Task<Void, Never>
    public nonisolated let port: UInt16
    private var folder: URL?
    private var errorPage: String?

    public static func start(port: UInt16) async throws -> PreviewServer {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled)
        let task = Task { _ = try? await server.run() }
        do {
            try await server.waitUntilListening(timeout: 10)
        } catch {
            await server.stop()
            task.cancel()
            throw EnvironmentError("cannot listen on 127.0.0.1:\(port)", hint: "pick another --port, or 0 for any free one")
        }
        guard case .ip4(_, let bound) = await server.listeningAddress else {
            throw EnvironmentError("the preview server has no IPv4 address")
        }
        let preview = PreviewServer(server: server, task: task, port: bound)
        await server.appendRoute("GET *") { [weak preview] request in
            await preview?.respond(to: request) ?? HTTPResponse(statusCode: .serviceUnavailable)
        }
        return preview
    }

    private init(server: HTTPServer, task: Task<Void, Never>, port: UInt16) {
        self.server = server
        self.task = task
        self.port = port
    }

    /// Shows the site in `folder` from now on.
    public func show(site folder: URL) {
        self.folder = folder
        errorPage = nil
    }

    /// Shows the errors instead of any page until the next good build.
    public func show(errors html: String) {
        errorPage = html
    }

    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }

    private func respond(to request: HTTPRequest) -> HTTPResponse {
        // DNS rebinding: a web page may point its own name at 127.0.0.1 and read the preview
        // (unpublished incidents) through the browser; only our own host names are answered.
        let host = request.headers[.host] ?? ""
        guard ["127.0.0.1:\(port)", "localhost:\(port)"].contains(host.lowercased()) else {
            return HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("open the preview at http://127.0.0.1:\(port)/\n".utf8))
        }
        if let errorPage {
            return HTTPResponse(statusCode: .internalServerError, headers: [.contentType: "text/html; charset=utf-8"], body: Data(errorPage.utf8))
        }
        guard let folder, let relative = Self.relativePath(request.path) else { return HTTPResponse(statusCode: .notFound) }
        var url = folder.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url.appendPathComponent("index.html")
        }
        guard let data = try? Data(contentsOf: url) else {
            let missing = (try? Data(contentsOf: folder.appendingPathComponent("404.html"))) ?? Data("not found\n".utf8)
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/html; charset=utf-8"], body: missing)
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.contentType(url.lastPathComponent), .cacheControl: "no-store"], body: data)
    }

    /// The site-relative path of a request, or `nil` for anything that could leave the folder.
    static func relativePath(_ path: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\\") }) else { return nil }
        let joined = segments.joined(separator: "/")
        return joined.isEmpty || decoded.hasSuffix("/") ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined
    }

    static func contentType(_ name: String) -> String {
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        case "atom": "application/atom+xml"
        case "rss", "xml": "application/xml"
        case "ics": "text/calendar; charset=utf-8"
        case "png": "image/png"
        default: "text/plain; charset=utf-8"
        }
    }
}

/// Notices edits to the content by polling: a listing of every watched file's size and
/// modification time, compared with the last one. No file-system events API needed, and a
/// repository's content is small enough to list twice a second.
public struct ContentWatcher: Sendable {
    public let root: URL
    public static let watched = ["components.yml", "incidents", "maintenance", "site-template", "history"]

    public init(root: URL) {
        self.root = root
    }

    public func fingerprint() -> [String: String] {
        var result: [String: String] = [:]
        for name in Self.watched {
            let url = root.appendingPathComponent(name)
            guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else {
                result[name] = Self.stamp(url)
                continue
            }
            result[name] = Self.stamp(url)
            for case let file as URL in enumerator {
                result[file.path] = Self.stamp(file)
            }
        }
        return result
    }

    private static func stamp(_ url: URL) -> String {
        guard let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey]) else { return "-" }
        return "\(values.contentModificationDate?.timeIntervalSince1970 ?? 0):\(values.fileSize ?? 0)"
    }
}
