internal import GRPCCore
internal import GRPCNIOTransportHTTP2Posix

/// A real gRPC server (grpc-swift over HTTP/2, plaintext) on 127.0.0.1 and a port the OS picks.
///
/// Plaintext, as probes allow only on loopback; the prober's gRPC client talks to it exactly as to
/// a public sequencer, only without TLS.
struct GRPCHealthServer: Sendable {
    let port: UInt16
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let task: Task<Void, Never>

    var url: String { "http://127.0.0.1:\(port)" }

    /// Binds and serves `service`; returns once the socket listens, so a connect right after succeeds.
    static func start(serving service: some RegistrableRPCService) async throws -> GRPCHealthServer {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [service])
        let task = Task { _ = try? await server.serve() }
        do {
            guard let bound = try await transport.listeningAddress.ipv4?.port, let port = UInt16(exactly: bound) else {
                throw SimulatorError("the gRPC server bound to 127.0.0.1 reports no IPv4 port")
            }
            return GRPCHealthServer(port: port, server: server, task: task)
        } catch {
            server.beginGracefulShutdown()
            task.cancel()
            await task.value
            throw error
        }
    }

    /// Closes the socket, lets calls in flight end, then waits until the server has stopped.
    ///
    /// Graceful first: cancelling `serve()` while a connection is still being accepted traps in
    /// SwiftNIO ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#3481), which
    /// took a whole test process down. Only a call still held after the grace period (an
    /// `sv-slow` check) is cut by cancelling.
    func stop() async {
        server.beginGracefulShutdown()
        let serving = task
        let cutOff = Task {
            try? await Task.sleep(for: .seconds(2))
            serving.cancel()
        }
        await serving.value
        cutOff.cancel()
    }
}
