public import CantonSimulator
public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `canton-sim` as a separate process on loopback, for tests of `probe`.
///
/// A process rather than the in-process library: the test runner's few cooperative threads are
/// often blocked by tests waiting for other processes, and a simulator sharing them would answer
/// late, turning timing into flakiness. The process exits when its stdin closes, so a crashed test
/// leaves nothing behind.
public final class SimulatorProcess: @unchecked Sendable {  // Used by the one test that owns it.
    public let endpoints: Endpoints
    private let process: Process
    private let input: Pipe
    private let directory: TemporaryDirectory

    /// `now`: the simulated clock, ISO 8601 (`2026-11-20T14:05Z`).
    public init(svs: Int = 4, scenarios: [String] = [], now: String) throws {
        directory = try TemporaryDirectory(prefix: "canton-sim")
        let ready = directory.url.appendingPathComponent("ready.json")
        _ = FileManager.default.createFile(atPath: ready.path, contents: nil)
        process = Process()
        process.executableURL = ProcessRunner.builtProduct("canton-sim")
        process.arguments = ["--svs", String(svs), "--now", now] + scenarios.flatMap { ["--scenario", $0] }
        input = Pipe()
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: ready)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var endpoints: Endpoints?
        for _ in 0..<200 {
            if let data = try? Data(contentsOf: ready), data.last == 0x0A {
                endpoints = try? JSONDecoder().decode(Endpoints.self, from: data)
                break
            }
            guard process.isRunning else { break }
            usleep(25_000)
        }
        guard let endpoints else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            directory.remove()
            throw SimulatorError(description: "canton-sim did not start (run `swift build` first)")
        }
        self.endpoints = endpoints
    }

    /// Replaces the active scenarios through the control endpoint.
    public func set(_ scenarios: [String]) async throws {
        var request = URLRequest(url: URL(string: endpoints.control + "/control/scenario")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: ["scenarios": scenarios])
        request.timeoutInterval = 5
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw SimulatorError(description: "canton-sim refused scenarios \(scenarios)")
        }
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        directory.remove()
    }
}

public struct SimulatorError: Error, CustomStringConvertible {
    public var description: String
}
