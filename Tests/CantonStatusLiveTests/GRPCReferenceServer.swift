import CantonStatusTestSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `Tests/Receivers/grpc_health_server.py` on 127.0.0.1: grpc.io's own health servicer (the
/// `grpcio-health-checking` package), the same behind TLS with a self-signed certificate, a TCP
/// server that never answers, and an HTTP/1.1 server.
///
/// Each test starts its own and stops it in `defer`; the process also exits when its stdin closes,
/// so a crashed test run leaves nothing behind.
final class GRPCReferenceServer: @unchecked Sendable {  // Only touched from the test that owns it.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Receivers/grpc_health_server.py")

    let grpcPort: Int
    let tlsPort: Int
    let hangPort: Int
    let httpPort: Int
    private let process: Process
    private let input: Pipe
    private let directory: TemporaryDirectory

    /// Waits for the ready line without blocking a thread of the shared pool (other tests need them).
    init() async throws {
        directory = try TemporaryDirectory(prefix: "canton-status-grpc")
        let ready = directory.url.appendingPathComponent("ready.json")
        _ = FileManager.default.createFile(atPath: ready.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path]
        input = Pipe()
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: ready)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ports = await ReadyLine.ports(in: ready, of: process)
        guard let ports, let grpc = ports["grpc"], let tls = ports["tls"], let hang = ports["hang"],
            let http = ports["http"]
        else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            directory.remove()
            throw GRPCReferenceServerError(
                "the reference gRPC server did not start (is grpcio-health-checking installed? scripts/setup --test)")
        }
        grpcPort = grpc
        tlsPort = tls
        hangPort = hang
        httpPort = http
    }

    var grpcURL: String { "http://127.0.0.1:\(grpcPort)" }

    /// How many connections to the hang server are still open, as the server counts them.
    func openHangConnections() async throws -> Int {
        guard let url = URL(string: "http://127.0.0.1:\(httpPort)/hang-connections") else {
            throw GRPCReferenceServerError("no URL for port \(httpPort)")
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Int]
        guard let open = object?["open"] else { throw GRPCReferenceServerError("no count in \(data)") }
        return open
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        directory.remove()
    }
}

struct GRPCReferenceServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
