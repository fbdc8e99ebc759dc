public import Foundation

/// A real git repository in a temp folder, driven by the `git` command line.
///
/// User and system git configuration are ignored and commit dates are fixed by the caller, so the
/// history is the same on every machine.
public struct TempGitRepo: Sendable {
    public let directory: TemporaryDirectory
    public var url: URL { directory.url }
    public var path: String { directory.path }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "canton-status-repo")
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Status Test")
        try git("config", "user.email", "status-test@example.org")
        try git("config", "commit.gpgsign", "false")
    }

    public func write(_ path: String, _ contents: String) throws {
        try directory.write(path, contents)
    }

    /// Stages everything and commits with both author and committer date set to `date`
    /// (ISO 8601, e.g. `2026-11-01T12:00:00Z`).
    public func commitAll(_ message: String, date: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message, environment: [
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        ])
    }

    /// Runs git in the repository and returns its standard output; throws when it fails.
    @discardableResult
    public func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try Self.run(git: arguments, in: url, environment: environment)
    }

    public static func run(git arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["GIT_CONFIG_NOSYSTEM"] = "1"
        processEnvironment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        processEnvironment["HOME"] = directory.path
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitCommandError(arguments: arguments, status: process.terminationStatus,
                                  output: String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: outputData, as: UTF8.self)
    }

    public func remove() { directory.remove() }
}

public struct GitCommandError: Error, CustomStringConvertible {
    public var arguments: [String]
    public var status: Int32
    public var output: String
    public var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(output)" }
}
