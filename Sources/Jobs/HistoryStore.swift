public import Model
public import Content
public import Status
public import Probing
internal import Foundation

/// The `history/` folder of a repository: reads what `HistoryRecorder` needs and applies its
/// changes through the repository's atomic writes (an append rewrites the file), so a run killed
/// half-way leaves every file either as it was or complete.
public struct HistoryStore<Files: RepositoryFiles>: Sendable {
    public let files: Files

    public init(files: Files) {
        self.files = files
    }

    /// The most recently agreed network view of any vantage on `environment`: a prober that joins
    /// later, or whose own runs could not judge, starts from what its peers agreed on.
    public func lastAgreedNetwork(environment: String) -> NetworkSummary? {
        let vantages = ((try? files.entries(in: "\(HistoryPaths.root)/\(environment)")) ?? [])
            .filter { $0.kind == .directory && !$0.name.hasPrefix(".") }.map(\.name).sorted()
        return vantages.compactMap { latest(environment: environment, vantage: $0)?.network }.max { $0.agreedAt < $1.agreedAt }
    }

    /// The vantage's `latest.json` (nil when absent or unreadable) and its sample files by day.
    public func previous(environment: String, vantage: String) -> (latest: LatestRun?, sampleFiles: [String: String]) {
        let folder = HistoryPaths.folder(environment: environment, vantage: vantage)
        var samples: [String: String] = [:]
        for entry in (try? files.entries(in: "\(folder)/samples")) ?? [] where entry.name.hasSuffix(".tsv") {
            samples[String(entry.name.dropLast(4))] = text("\(folder)/samples/\(entry.name)").map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return (latest(environment: environment, vantage: vantage), samples)
    }

    /// The vantage's `daily.jsonl` (empty when absent): the older days of its baselines.
    public func daily(environment: String, vantage: String) -> String {
        text(HistoryPaths.daily(HistoryPaths.folder(environment: environment, vantage: vantage)))
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    public func apply(_ changes: HistoryRecorder.Changes) throws(EnvironmentError) {
        for (path, text) in changes.appends.sorted(by: { $0.key < $1.key }) {
            try files.write((try existing(path)) + Array(text.utf8), to: path)
        }
        for (path, text) in changes.writes.sorted(by: { $0.key < $1.key }) {
            try files.write(Array(text.utf8), to: path)
        }
        for path in changes.deletions {
            try files.remove(path)
        }
    }

    private func latest(environment: String, vantage: String) -> LatestRun? {
        text(HistoryPaths.latest(HistoryPaths.folder(environment: environment, vantage: vantage)))
            .flatMap { try? JSONDecoder().decode(LatestRun.self, from: Data($0)) }
    }

    private func text(_ path: String) -> [UInt8]? {
        guard case .bytes(let bytes)? = try? files.read(path, limit: MeasuredStatus.maximumFileSize) else { return nil }
        return bytes
    }

    /// The bytes an append adds to. A file too large to read is an error, never an empty start:
    /// appending to nothing would replace a year of history with one line.
    private func existing(_ path: String) throws(EnvironmentError) -> [UInt8] {
        switch try files.read(path, limit: MeasuredStatus.maximumFileSize) {
        case .bytes(let bytes): return bytes
        case .missing: return []
        case .tooLarge(let size):
            throw EnvironmentError("the history file is \(size) bytes, more than \(MeasuredStatus.maximumFileSize) can be appended to",
                                   path: path, hint: "move its older lines to another file")
        case .outsideRepository(let target):
            throw EnvironmentError("the history file is a symlink out of the repository (\(target)); not written", path: path)
        }
    }
}
