public import Model

/// A repository whose `history/` is gathered from several places: the working tree's `history/`
/// folder and the data branches of every vantage (`status-data/<vantage>`), read as one folder.
///
/// History is owned folder by folder: `history/<network>/<vantage>/` comes whole from the first
/// layer that has it, never mixed from two, so a vantage's files always agree with each other.
/// Everything outside `history/` is the working tree's. This run's own history goes to
/// `historyWriter` when there is one (its data branch), else into the working tree; the writer
/// is read first, so what the run wrote is what it reads back.
public struct LayeredRepository: RepositoryFiles {
    public var workingTree: any RepositoryFiles
    public var historyWriter: (any RepositoryFiles)?
    /// Read after the writer and the working tree, in this order.
    public var historyLayers: [any ContentFileSystem]

    public init(workingTree: any RepositoryFiles, historyWriter: (any RepositoryFiles)? = nil,
                historyLayers: [any ContentFileSystem] = []) {
        self.workingTree = workingTree
        self.historyWriter = historyWriter
        self.historyLayers = historyLayers
    }

    private static let root = "history"

    private var readOrder: [any ContentFileSystem] {
        (historyWriter.map { [$0] } ?? []) + [workingTree] + historyLayers
    }

    /// The layer that owns the vantage folder `path` lies in, or for paths above vantage folders `nil`.
    private func owner(of path: String) throws(EnvironmentError) -> (any ContentFileSystem)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == Self.root else { return nil }
        let networkFolder = "\(Self.root)/\(parts[1])"
        for layer in readOrder where try layer.entries(in: networkFolder).contains(where: { $0.name == parts[2] && $0.kind == .directory }) {
            return layer
        }
        return nil
    }

    private static func isHistory(_ path: String) -> Bool { path == root || path.hasPrefix(root + "/") }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        guard Self.isHistory(directory) else { return try workingTree.entries(in: directory) }
        if let owner = try owner(of: directory) { return try owner.entries(in: directory) }
        // `history/` or `history/<network>`: every layer's folders, each name once.
        var merged: [String: DirectoryEntry] = [:]
        for layer in readOrder {
            for entry in try layer.entries(in: directory) where merged[entry.name] == nil { merged[entry.name] = entry }
        }
        return merged.keys.sorted().compactMap { merged[$0] }
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        try read(path, limit: ContentBytes.maximumSize)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        guard Self.isHistory(path) else { return try workingTree.read(path, limit: limit) }
        if let owner = try owner(of: path) { return try owner.read(path, limit: limit) }
        for layer in readOrder {
            let contents = try layer.read(path, limit: limit)
            if case .missing = contents { continue }
            return contents
        }
        return .missing
    }

    public func write(_ bytes: [UInt8], to path: String) throws(EnvironmentError) {
        try destination(of: path).write(bytes, to: path)
    }

    public func remove(_ path: String) throws(EnvironmentError) {
        try destination(of: path).remove(path)
    }

    private func destination(of path: String) -> any RepositoryWriter {
        Self.isHistory(path) ? historyWriter ?? workingTree : workingTree
    }
}
