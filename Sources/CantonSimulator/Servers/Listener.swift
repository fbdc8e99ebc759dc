internal import FlyingFox
internal import FlyingSocks

/// One FlyingFox server bound to 127.0.0.1 on a port the OS picks.
///
/// It binds first and gets its handler afterwards, because the handlers need every server's URL
/// (Scan lists all Scans) and the ports are only known once all servers are bound. Until
/// ``serve(_:)`` runs it answers 404, but nobody knows the port before the ready line.
struct Listener: Sendable {
    let server: HTTPServer
    let port: UInt16
    private let task: Task<Void, Never>

    /// Longer than the 120 s `hang` and `sv-slow` limits, so those end on their own terms rather
    /// than as FlyingFox's handler-timeout 500.
    static let handlerTimeoutSeconds: Double = 130

    var url: String { "http://127.0.0.1:\(port)" }

    /// Binds and waits until the socket listens, so a connect right after this returns succeeds.
    /// (`.loopback(port:)` would bind only ::1; DEPENDENCIES.md.)
    static func start() async throws -> Listener {
        let server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: 0), timeout: handlerTimeoutSeconds, logger: .disabled)
        let task = Task { _ = try? await server.run() }
        do {
            try await server.waitUntilListening(timeout: 10)
            guard case .ip4(_, let port) = await server.listeningAddress else {
                throw SimulatorError("the server bound to 127.0.0.1 reports no IPv4 port")
            }
            return Listener(server: server, port: port, task: task)
        } catch {
            await server.stop()
            task.cancel()
            throw error
        }
    }

    func serve(_ handler: some HTTPHandler) async {
        await server.appendRoute("*", to: handler)
    }

    /// Closes the socket and cancels open connections, including requests held by `hang`.
    func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }
}
