public import Foundation

/// Runs an executable to completion and captures what it printed, for end-to-end tests.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory`. A run longer than `timeout` seconds is
    /// killed and reported with status -1, so a hang fails the test instead of stalling CI.
    ///
    /// `killWhen`, polled while the process runs, kills it (status -1) as soon as it holds: a test
    /// that interrupts a run at a given point waits for that point, not for a guessed number of
    /// seconds that a loaded machine may not meet.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 60,
        killWhen: (() -> Bool)? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["GIT_CONFIG_NOSYSTEM"] = "1"
        processEnvironment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let outputFile = try TemporaryDirectory(prefix: "canton-status-output")
        defer { outputFile.remove() }
        let outputURL = outputFile.url.appendingPathComponent("stdout")
        let errorURL = outputFile.url.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline && killWhen?() != true { usleep(10_000) }
        var status = Int32(-1)
        if process.isRunning {
            // SIGKILL, not SIGTERM: children inherit the test runner's blocked signal mask,
            // so a SIGTERM can stay pending forever.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        } else {
            status = process.terminationStatus
        }
        try output.close()
        try errors.close()
        return ProcessResult(
            status: status,
            standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }

    /// The built `canton-status` binary next to the test bundle (`.build/debug/canton-status`).
    public static func builtProduct(_ name: String) -> URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/\(name)")
    }
}
