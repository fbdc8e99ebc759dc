internal import CGit2
public import Model
public import Content
internal import Status
public import Foundation
import Synchronization

/// Probe history kept off `main`: each vantage owns one branch, `status-data/<vantage>`, holding
/// only its `history/<network>/<vantage>/` folders, one commit per UTC day (a run amends the day's
/// commit). No two vantages push the same ref, so they never race, and `main` stays what people
/// write and review.
public enum DataBranches {
    public static let prefix = "status-data/"

    /// `refs/heads/status-data/<vantage>`.
    public static func localReference(_ vantage: String) -> String { "refs/heads/\(prefix)\(vantage)" }

    /// The commit a vantage's history starts from: the local branch (it may hold a run whose push
    /// failed), else the remote-tracking one (a fresh clone or CI checkout), `origin` first.
    static func tip(of vantage: String, in repository: GitRepository) -> git_oid? {
        if let local = repository.reference(localReference(vantage)) { return local }
        let remotes = repository.references(matching: "refs/remotes/*/\(prefix)\(vantage)")
        return (remotes.first { $0.name.hasPrefix("refs/remotes/origin/") } ?? remotes.first)?.commit
    }

    /// Every vantage with a data branch, local or remote-tracking.
    static func vantages(in repository: GitRepository) -> [String] {
        var names: Set<String> = []
        for reference in repository.references(matching: "refs/heads/\(prefix)*") + repository.references(matching: "refs/remotes/*/\(prefix)*") {
            guard let marker = reference.name.range(of: "/\(prefix)") else { continue }
            let vantage = String(reference.name[marker.upperBound...])
            if !vantage.isEmpty && !vantage.contains("/") { names.insert(vantage) }
        }
        return names.sorted()
    }
}

/// Every vantage's data branch, read as `history/` through libgit2 without checking anything out.
/// The branches are looked up once, when the value is made; a branch contributes only its own
/// vantage's folders, whatever else its tree holds.
public struct DataBranchHistory: ContentFileSystem {
    private let repositoryPath: String
    /// The root tree of each vantage's branch, as hex.
    private let trees: [String: String]
    /// network → vantages with a folder there.
    private let folders: [String: Set<String>]

    /// The data branches of the repository around `root`; none when it is not a git repository.
    public init(repository root: URL) {
        repositoryPath = root.path
        var trees: [String: String] = [:]
        var folders: [String: Set<String>] = [:]
        if let repository = try? GitRepository(discoveringFrom: root.path) {
            for vantage in DataBranches.vantages(in: repository) {
                guard let tip = DataBranches.tip(of: vantage, in: repository),
                      let tree = try? repository.commitInfo(tip).tree else { continue }
                trees[vantage] = GitRepository.hex(tree)
                for network in repository.entries(HistoryPaths.root, inTree: tree) where network.isTree
                    && repository.entry("\(HistoryPaths.root)/\(network.name)/\(vantage)", inTree: tree)?.isTree == true {
                    folders[network.name, default: []].insert(vantage)
                }
            }
        }
        self.trees = trees
        self.folders = folders
    }

    /// The vantages found, for messages.
    public var vantages: [String] { trees.keys.sorted() }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        let parts = directory.split(separator: "/").map(String.init)
        guard parts.first == HistoryPaths.root else { return [] }
        switch parts.count {
        case 1: return folders.keys.sorted().map { DirectoryEntry(name: $0, kind: .directory) }
        case 2: return (folders[parts[1]] ?? []).sorted().map { DirectoryEntry(name: $0, kind: .directory) }
        default:
            guard folders[parts[1]]?.contains(parts[2]) == true, let tree = trees[parts[2]] else { return [] }
            let repository = try GitRepository(discoveringFrom: repositoryPath)
            return repository.entries(directory, inTree: try GitRepository.oid(tree))
                .map { DirectoryEntry(name: $0.name, kind: $0.isTree ? .directory : .file) }
        }
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        try read(path, limit: ContentBytes.maximumSize)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[0] == HistoryPaths.root, folders[parts[1]]?.contains(parts[2]) == true,
              let tree = trees[parts[2]] else { return .missing }
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        guard let (id, isTree) = repository.entry(path, inTree: try GitRepository.oid(tree)), !isTree else { return .missing }
        let (bytes, size) = try repository.blob(id, limit: limit)
        return bytes.map { .bytes($0) } ?? .tooLarge(size: size)
    }
}

/// One vantage's data branch as a place to write history: reads see the branch plus what this run
/// wrote; `commit` turns the writes into the day's commit on `refs/heads/status-data/<vantage>`,
/// amending it when the branch's last commit is from the same UTC day. Nothing touches the
/// working tree or the index.
public final class DataBranchWriter: RepositoryFiles {
    public let vantage: String
    private let repositoryPath: String
    private let baseCommit: String?
    private let baseTree: String?
    /// Path → new bytes, or `nil` for a removal.
    private let pending = Mutex<[String: [UInt8]?]>([:])

    public init(repository root: URL, vantage: String) throws(EnvironmentError) {
        self.vantage = vantage
        repositoryPath = root.path
        let repository = try GitRepository(discoveringFrom: root.path)
        let tip = DataBranches.tip(of: vantage, in: repository)
        baseCommit = tip.map(GitRepository.hex)
        baseTree = try tip.map { tip throws(EnvironmentError) in GitRepository.hex(try repository.commitInfo(tip).tree) }
    }

    /// Whether `path` lies in a folder this vantage owns.
    private func owns(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count >= 3 && parts[0] == HistoryPaths.root && parts[2] == vantage
    }

    public func write(_ bytes: [UInt8], to path: String) throws(EnvironmentError) {
        guard owns(path) else {
            throw EnvironmentError("the data branch of vantage \(vantage) holds only history/<network>/\(vantage)/", path: path)
        }
        pending.withLock { $0[path] = .some(bytes) }
    }

    public func remove(_ path: String) throws(EnvironmentError) {
        pending.withLock { $0[path] = .some(nil) }
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        try read(path, limit: ContentBytes.maximumSize)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        if let written = pending.withLock({ $0[path] }) {
            guard let bytes = written else { return .missing }
            return bytes.count > limit ? .tooLarge(size: bytes.count) : .bytes(bytes)
        }
        guard owns(path), let baseTree else { return .missing }
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        guard let (id, isTree) = repository.entry(path, inTree: try GitRepository.oid(baseTree)), !isTree else { return .missing }
        let (bytes, size) = try repository.blob(id, limit: limit)
        return bytes.map { .bytes($0) } ?? .tooLarge(size: size)
    }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        var names: [String: DirectoryEntry.Kind] = [:]
        if let baseTree {
            let repository = try GitRepository(discoveringFrom: repositoryPath)
            for entry in repository.entries(directory, inTree: try GitRepository.oid(baseTree)) {
                names[entry.name] = entry.isTree ? .directory : .file
            }
        }
        let prefix = directory + "/"
        for (path, bytes) in pending.withLock({ $0 }) where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                if bytes != nil { names[String(rest[..<slash])] = .directory }
            } else {
                names[String(rest)] = bytes == nil ? nil : .file
            }
        }
        return names.keys.sorted().compactMap { name in names[name].map { DirectoryEntry(name: name, kind: $0) } }
    }

    /// Commits what was written: a new commit for a new UTC day, else the day's commit replaced
    /// (same parents), so the branch keeps one commit a day. `nil` when nothing was written.
    public func commit(at now: Timestamp) throws(EnvironmentError) -> (id: String, amended: Bool)? {
        let changes = pending.withLock { $0 }
        guard !changes.isEmpty else { return nil }
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        var parents: [git_oid] = []
        var amended = false
        if let baseCommit {
            let base = try repository.commitInfo(try GitRepository.oid(baseCommit))
            amended = Timestamp(secondsSince1970: base.time).utcDay == now.utcDay
            parents = amended ? base.parents : [try GitRepository.oid(baseCommit)]
        }
        let tree = try repository.tree(base: try baseTree.map { hex throws(EnvironmentError) in try GitRepository.oid(hex) }, applying: changes)
        let environment = ProcessInfo.processInfo.environment
        let author = (environment["GIT_AUTHOR_NAME"] ?? "canton-status probe", environment["GIT_AUTHOR_EMAIL"] ?? "probe@canton-status.invalid")
        let commit = try repository.commit(
            tree: tree, parents: parents, at: now.secondsSince1970, message: "history(\(vantage)): \(now.utcDay)\n",
            author: author, updating: DataBranches.localReference(vantage))
        pending.withLock { $0 = [:] }
        return (GitRepository.hex(commit), amended)
    }
}

extension LayeredRepository {
    /// The repository on disk as the commands read it: the working tree at `workingTree`, with
    /// `history/` gathered from its own folder and every vantage's data branch; this run's history
    /// goes to `historyWriter` when given.
    public static func onDisk(_ workingTree: LocalFileSystem, historyWriter: DataBranchWriter? = nil) -> LayeredRepository {
        LayeredRepository(workingTree: workingTree, historyWriter: historyWriter,
                          historyLayers: [DataBranchHistory(repository: workingTree.root)])
    }
}
