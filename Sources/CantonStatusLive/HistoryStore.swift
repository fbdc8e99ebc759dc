public import CantonStatus
public import Foundation

/// The `history/` folder on disk: reads what `HistoryRecorder` needs and applies its changes, each
/// file replaced atomically (an append rewrites the file through a temp file and a rename), so a
/// run killed half-way leaves every file either as it was or complete.
public struct HistoryStore: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The vantage's `latest.json` (nil when absent or unreadable) and its sample files by day.
    public func previous(environment: String, vantage: String) -> (latest: LatestRun?, sampleFiles: [String: String]) {
        let folder = HistoryPaths.folder(environment: environment, vantage: vantage)
        let latest = (try? AtomicFile.read(url(HistoryPaths.latest(folder)))).flatMap { $0 }
            .flatMap { try? JSONDecoder().decode(LatestRun.self, from: Data($0)) }
        var samples: [String: String] = [:]
        let sampleFolder = url("\(folder)/samples")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: sampleFolder.path)) ?? [] where name.hasSuffix(".tsv") {
            samples[String(name.dropLast(4))] = (try? String(contentsOf: sampleFolder.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        return (latest, samples)
    }

    public func apply(_ changes: HistoryRecorder.Changes) throws(EnvironmentError) {
        for (path, text) in changes.appends.sorted(by: { $0.key < $1.key }) {
            let existing = try AtomicFile.read(url(path)) ?? []
            try AtomicFile.write(existing + Array(text.utf8), to: url(path))
        }
        for (path, text) in changes.writes.sorted(by: { $0.key < $1.key }) {
            try AtomicFile.write(Array(text.utf8), to: url(path))
        }
        for path in changes.deletions {
            try? FileManager.default.removeItem(at: url(path))
        }
    }

    private func url(_ path: String) -> URL { root.appendingPathComponent(path) }
}
