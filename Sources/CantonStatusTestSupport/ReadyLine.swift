public import Foundation

/// The ready line a helper process (a receiver, a reference server) writes to its standard output
/// file once every server it runs accepts connections: one line of JSON, `{"name": port, …}`.
/// Both waits give up when the process exits first or after 15 s.
public enum ReadyLine {
    /// Polls without holding a thread of the shared pool, which other tests need.
    public static func ports(in file: URL, of process: Process) async -> [String: Int]? {
        for _ in 0..<polls {
            if let ports = complete(in: file) { return ports }
            guard process.isRunning else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// For callers that cannot suspend (a synchronous test's setup).
    public static func waitForPorts(in file: URL, of process: Process) -> [String: Int]? {
        for _ in 0..<polls {
            if let ports = complete(in: file) { return ports }
            guard process.isRunning else { return nil }
            usleep(50_000)
        }
        return nil
    }

    private static let polls = 300

    /// The ports, once the line is written whole.
    private static func complete(in file: URL) -> [String: Int]? {
        guard let data = try? Data(contentsOf: file), data.last == 0x0A else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Int]
    }
}
