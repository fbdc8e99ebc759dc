internal import CGit2
public import Model
internal import Content
internal import Status
public import Foundation

/// `canton-status history migrate`: moves probe history committed on the checked-out branch
/// (`history/<network>/<vantage>/`) onto one data branch per vantage, then takes `history/` out of
/// the working tree and the index, for the operator to commit.
///
/// Each data branch gets one commit per UTC day on which its vantage's folders changed, holding
/// them as they were in the last commit of that day, dated like it: the branch reads as if the
/// vantage had written it day by day. The folders' trees are reused, not copied.
public struct HistoryMigration: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public struct Report: Sendable, Equatable {
        /// Per vantage: its branch and the number of daily commits written.
        public var branches: [(vantage: String, commits: Int)]
        public var removedFiles: Int

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.branches.map(\.vantage) == rhs.branches.map(\.vantage) && lhs.branches.map(\.commits) == rhs.branches.map(\.commits)
                && lhs.removedFiles == rhs.removedFiles
        }
    }

    /// A vantage's folders at one commit: network → the folder's tree.
    private typealias Folders = [String: git_oid]

    public func run() throws(EnvironmentError) -> Report {
        let repository = try GitRepository(discoveringFrom: root.path)
        let prefix = repository.relativePath(of: root.path)
        let historyPath = prefix + HistoryPaths.root
        guard let head = repository.reference("HEAD") ?? (try? repository.commitID("HEAD")) else {
            throw EnvironmentError("the repository has no commits yet: there is no history to move")
        }

        // The checked-out branch's first parents, oldest first. A shallow clone's history ends where
        // the clone was cut; what lies before it cannot be moved from there.
        var chain: [git_oid] = []
        var next: git_oid? = head
        while let commit = next, let info = try? repository.commitInfo(commit) {
            chain.append(commit)
            next = info.parents.first
        }
        chain.reverse()

        // vantage → day → (folders at the day's last commit, that commit's time)
        var days: [String: [String: (folders: Folders, time: Int64)]] = [:]
        for commit in chain {
            let info = try repository.commitInfo(commit)
            let day = Timestamp(secondsSince1970: info.time).utcDay
            var byVantage: [String: Folders] = [:]
            for network in repository.entries(historyPath, inTree: info.tree) where network.isTree {
                for vantage in repository.entries("\(historyPath)/\(network.name)", inTree: info.tree) where vantage.isTree {
                    byVantage[vantage.name, default: [:]][network.name] = vantage.id
                }
            }
            for (vantage, folders) in byVantage { days[vantage, default: [:]][day] = (folders, info.time) }
        }
        guard !days.isEmpty else {
            throw EnvironmentError("there is no \(HistoryPaths.root)/<network>/<vantage>/ folder in the committed history", path: historyPath)
        }
        for vantage in days.keys.sorted() where repository.reference(DataBranches.localReference(vantage)) != nil {
            throw EnvironmentError("vantage \(vantage) already has a data branch; history is migrated once",
                                   path: DataBranches.localReference(vantage),
                                   hint: "delete the branch first to migrate again: git branch -D \(DataBranches.prefix)\(vantage)")
        }

        guard try repository.changedFiles(under: historyPath) == 0 else {
            throw EnvironmentError("the folder has changes that are not committed; only committed history is moved",
                                   path: historyPath, hint: "commit them (or discard them) first")
        }

        var branches: [(vantage: String, commits: Int)] = []
        for vantage in days.keys.sorted() {
            var parent: git_oid?
            var previous: Folders?
            var commits = 0
            for day in (days[vantage] ?? [:]).keys.sorted() {
                guard let (folders, time) = days[vantage]?[day], folders.mapValues(GitRepository.hex) != previous?.mapValues(GitRepository.hex) else { continue }
                var networks: [String: (id: git_oid, isTree: Bool)] = [:]
                for (network, folder) in folders {
                    networks[network] = (try repository.tree(of: [vantage: (folder, true)]), true)
                }
                let history = try repository.tree(of: networks)
                let tree = try repository.tree(of: [HistoryPaths.root: (history, true)])
                parent = try repository.commit(
                    tree: tree, parents: parent.map { [$0] } ?? [], at: time, message: "history(\(vantage)): \(day) (migrated)\n",
                    author: ("canton-status probe", "probe@canton-status.invalid"), updating: DataBranches.localReference(vantage))
                previous = folders
                commits += 1
            }
            branches.append((vantage, commits))
        }
        return Report(branches: branches, removedFiles: try repository.removeFromIndexAndWorkingTree(historyPath))
    }
}

extension GitRepository {
    /// How many files under `folder` differ from HEAD, in the index or the working tree.
    fileprivate func changedFiles(under folder: String) throws(EnvironmentError) -> Int {
        var options = git_status_options()
        git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        let pattern = strdup(folder + "/")
        defer { free(pattern) }
        var patterns: [UnsafeMutablePointer<CChar>?] = [pattern]
        let status = patterns.withUnsafeMutableBufferPointer { buffer -> Int32 in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            return git_status_list_new(&list, handle, &options)
        }
        guard status == 0, let list else { throw lastError("cannot read the status of \(folder)/") }
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list)
    }

    /// Takes a folder out of the index (as `git rm -r --cached`) and off the disk; returns how
    /// many files the index held under it.
    fileprivate func removeFromIndexAndWorkingTree(_ folder: String) throws(EnvironmentError) -> Int {
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { throw lastError("cannot open the index") }
        defer { git_index_free(index) }
        let before = git_index_entrycount(index)
        guard git_index_remove_directory(index, folder, 0) == 0, git_index_write(index) == 0 else {
            throw lastError("cannot take \(folder)/ out of the index")
        }
        let removed = before - git_index_entrycount(index)
        if let workingDirectory {
            let url = workingDirectory.appendingPathComponent(folder)
            if FileManager.default.fileExists(atPath: url.path) {
                do {
                    try FileManager.default.removeItem(at: url)
                } catch {
                    throw EnvironmentError("cannot remove the folder: \(error.localizedDescription)", path: folder)
                }
            }
        }
        return removed
    }
}
