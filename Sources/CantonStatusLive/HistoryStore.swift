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

    /// The most recently agreed network view of any vantage on `environment`: a prober that joins
    /// later, or whose own runs could not judge, starts from what its peers agreed on.
    public func lastAgreedNetwork(environment: String) -> NetworkSummary? {
        let folder = url("\(HistoryPaths.root)/\(environment)")
        let vantages = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return vantages.filter { !$0.hasPrefix(".") }.sorted().compactMap { vantage -> NetworkSummary? in
            let path = HistoryPaths.latest(HistoryPaths.folder(environment: environment, vantage: vantage))
            return (try? AtomicFile.read(url(path))).flatMap { $0 }
                .flatMap { try? JSONDecoder().decode(LatestRun.self, from: Data($0)) }?.network
        }.max { $0.agreedAt < $1.agreedAt }
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
