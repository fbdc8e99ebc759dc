internal import CGit2
public import Model
public import Content
public import Foundation

/// One open libgit2 repository. Owns the `git_repository` handle and frees it in `deinit`; every
/// other libgit2 handle it creates is freed before the method that made it returns, so no C pointer
/// leaves this file.
///
/// Not `Sendable`: libgit2 repository handles must not be used from two threads at once. Open one per
/// task (`LibGit2History` does this).
final class GitRepository {
    let handle: OpaquePointer

    /// libgit2's global state, initialised once per process before the first call.
    private static let initialized: Int32 = git_libgit2_init()

    /// Opens the repository containing `path` (searching parent folders, as `git` does).
    init(discoveringFrom path: String) throws(EnvironmentError) {
        _ = Self.initialized
        var repository: OpaquePointer?
        let status = git_repository_open_ext(&repository, path, 0, nil)
        guard status == 0, let repository else {
            throw EnvironmentError("not a git repository (or any parent up to /)", path: path,
                                   hint: "run inside a clone of the status repository, or pass --repo DIR; `git init` makes one")
        }
        handle = repository
    }

    deinit { git_repository_free(handle) }

    /// The working tree's root folder; `nil` for a bare repository.
    var workingDirectory: URL? {
        git_repository_workdir(handle).map { URL(fileURLWithPath: String(cString: $0), isDirectory: true) }
    }

    /// `path` relative to the working tree, with a trailing `/` (empty for the root itself).
    func relativePath(of path: String) -> String {
        guard let workingDirectory,
              let root = LocalFileSystem.realPath(workingDirectory.path),
              let target = LocalFileSystem.realPath(path), target.hasPrefix(root), target != root else { return "" }
        let relative = target.dropFirst(root.count).drop { $0 == "/" }
        return relative.isEmpty ? "" : relative + "/"
    }

    /// Commits at which a shallow clone's history was cut (from `.git/shallow`).
    private var shallowBoundary: Set<String> {
        guard git_repository_is_shallow(handle) == 1, let gitDirectory = git_repository_path(handle) else { return [] }
        let file = URL(fileURLWithPath: String(cString: gitDirectory)).appendingPathComponent("shallow")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map(String.init))
    }

    /// For each file directly inside `directory`, the committer time of the oldest commit reachable
    /// from HEAD that contains it. An unborn HEAD (no commits yet) gives an empty result.
    ///
    /// The graph is walked by hand rather than with `git_revwalk`: libgit2 1.5's sorted walk fails as
    /// soon as a shallow clone's missing parents are reached. Here a commit whose parent cannot be
    /// loaded (or that `.git/shallow` names) is the boundary, and files present in it are `truncated`.
    func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits {
        var head = git_oid()
        guard git_reference_name_to_id(&head, handle, "HEAD") == 0 else { return FirstCommits() }
        let boundary = shallowBoundary
        var result = FirstCommits()
        var namesByTree: [String: [String]] = [:]
        var pending = [head]
        var visited = Set<String>()
        while var oid = pending.popLast() {
            guard visited.insert(Self.hex(oid)).inserted else { continue }
            var commit: OpaquePointer?
            guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { continue }
            defer { git_commit_free(commit) }
            var isBoundary = boundary.contains(Self.hex(oid))
            for index in 0..<git_commit_parentcount(commit) {
                guard let parentID = git_commit_parent_id(commit, index) else { continue }
                var parent: OpaquePointer?
                if git_commit_lookup(&parent, handle, parentID) == 0, let parent {
                    git_commit_free(parent)
                    pending.append(parentID.pointee)
                } else {
                    isBoundary = true
                }
            }
            guard let names = filesInDirectory(directory, of: commit, cache: &namesByTree) else { continue }
            let time = Timestamp(secondsSince1970: Int64(git_commit_time(commit)))
            for name in names {
                let path = "\(directory)/\(name)"
                if let known = result.times[path], known <= time { continue }
                result.times[path] = time
            }
            if isBoundary {
                for name in names { result.truncated.insert("\(directory)/\(name)") }
            }
        }
        return result
    }

    /// Names of the files directly in `directory` at `commit`; listings are cached by tree id, since
    /// most commits leave the folder unchanged.
    private func filesInDirectory(_ directory: String, of commit: OpaquePointer, cache: inout [String: [String]]) -> [String]? {
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, commit) == 0, let tree else { return nil }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, directory) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE, let entryID = git_tree_entry_id(entry) else { return nil }
        let treeID = Self.hex(entryID.pointee)
        if let names = cache[treeID] { return names }
        var subtree: OpaquePointer?
        guard git_tree_lookup(&subtree, handle, entryID) == 0, let subtree else { return nil }
        defer { git_tree_free(subtree) }
        var names: [String] = []
        for index in 0..<git_tree_entrycount(subtree) {
            guard let child = git_tree_entry_byindex(subtree, index), git_tree_entry_type(child) == GIT_OBJECT_BLOB,
                  let name = git_tree_entry_name(child) else { continue }
            names.append(String(cString: name))
        }
        cache[treeID] = names
        return names
    }

    // MARK: Revisions

    /// The commit a revision names, peeled through tags.
    func commitID(_ revision: String) throws(EnvironmentError) -> git_oid {
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, revision) == 0, let object else {
            throw EnvironmentError("unknown revision '\(revision)'",
                                   hint: "name a commit, branch or tag that exists here (`git log --oneline` lists them); a shallow CI clone may need `fetch-depth: 0`")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else {
            throw EnvironmentError("'\(revision)' does not name a commit")
        }
        defer { git_object_free(commit) }
        return git_object_id(commit).pointee
    }

    func firstParent(of commitID: git_oid) throws(EnvironmentError) -> git_oid? {
        var oid = commitID
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { throw lastError("cannot read commit \(Self.hex(commitID))") }
        defer { git_commit_free(commit) }
        guard git_commit_parentcount(commit) > 0, let parent = git_commit_parent_id(commit, 0) else { return nil }
        return parent.pointee
    }

    /// Calls `body` with the commit's root tree; the tree is freed when `body` returns.
    private func withTree<T>(of commitID: git_oid, _ body: (OpaquePointer) throws(EnvironmentError) -> T) throws(EnvironmentError) -> T {
        var oid = commitID
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { throw lastError("cannot read commit \(Self.hex(commitID))") }
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, commit) == 0, let tree else { throw lastError("cannot read the tree of \(Self.hex(commitID))") }
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    /// Paths under `prefixes` whose blobs differ between the two commits, with both versions' bytes.
    /// libgit2 compares trees by id, so unchanged folders are skipped without being read: the cost
    /// follows the size of the change, not of the repository.
    func changes(from oldCommit: git_oid?, to newCommit: git_oid, under prefixes: [String]) throws(EnvironmentError) -> [FileChange] {
        try withTree(of: newCommit) { newTree throws(EnvironmentError) in
            if let oldCommit {
                return try withTree(of: oldCommit) { oldTree throws(EnvironmentError) in try diff(oldTree, newTree, prefixes) }
            }
            return try diff(nil, newTree, prefixes)
        }
    }

    private func diff(_ oldTree: OpaquePointer?, _ newTree: OpaquePointer, _ prefixes: [String]) throws(EnvironmentError) -> [FileChange] {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        let specs: [UnsafeMutablePointer<CChar>?] = prefixes.map { strdup($0) }
        defer { specs.forEach { free($0) } }
        var diff: OpaquePointer?
        let status = specs.withUnsafeBufferPointer { buffer -> Int32 in
            options.pathspec = git_strarray(strings: UnsafeMutablePointer(mutating: buffer.baseAddress), count: buffer.count)
            return git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options)
        }
        guard status == 0, let diff else { throw lastError("cannot compare the two revisions") }
        defer { git_diff_free(diff) }
        var changes: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let isAdded = delta.status == GIT_DELTA_ADDED
            let isDeleted = delta.status == GIT_DELTA_DELETED
            guard let pathPointer = (isDeleted ? delta.old_file.path : delta.new_file.path) else { continue }
            let old = isAdded ? nil : try blob(delta.old_file.id)
            let new = isDeleted ? nil : try blob(delta.new_file.id)
            changes.append(FileChange(path: String(cString: pathPointer), oldBytes: old, newBytes: new))
        }
        return changes
    }

    private func blob(_ id: git_oid) throws(EnvironmentError) -> [UInt8] {
        var oid = id
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, handle, &oid) == 0, let blob else { throw lastError("cannot read blob \(Self.hex(id))") }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The bytes of `path` at the commit, or `nil` when no file is there.
    func file(_ path: String, at commitID: git_oid) throws(EnvironmentError) -> [UInt8]? {
        try withTree(of: commitID) { tree throws(EnvironmentError) in
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = git_tree_entry_id(entry) else { return nil }
            return try blob(id.pointee)
        }
    }

    /// Names of the blobs directly in `directory` at the commit.
    func fileNames(in directory: String, at commitID: git_oid) throws(EnvironmentError) -> [String] {
        var oid = commitID
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { throw lastError("cannot read commit \(Self.hex(commitID))") }
        defer { git_commit_free(commit) }
        var cache: [String: [String]] = [:]
        return (filesInDirectory(directory, of: commit, cache: &cache) ?? []).sorted()
    }

    /// Parses a full hexadecimal commit id.
    static func oid(_ hex: String) throws(EnvironmentError) -> git_oid {
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { throw EnvironmentError("'\(hex)' is not a commit id") }
        return oid
    }

    static func hex(_ oid: git_oid) -> String {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, buffer.count, &copy)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func lastError(_ what: String) -> EnvironmentError {
        let detail = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown libgit2 error"
        return EnvironmentError("\(what): \(detail)")
    }
}

/// `GitHistory` backed by libgit2. Holds only the content root; each call opens its own handle, so
/// the value is freely `Sendable`. The content root may be a subfolder of the git working tree.
public struct LibGit2History: GitHistory {
    public let contentRoot: String

    public init(contentRoot: String) {
        self.contentRoot = contentRoot
    }

    public func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits {
        let repository = try GitRepository(discoveringFrom: contentRoot)
        let prefix = repository.relativePath(of: contentRoot)
        let found = try repository.firstCommits(under: prefix + directory)
        guard !prefix.isEmpty else { return found }
        return FirstCommits(
            times: Dictionary(uniqueKeysWithValues: found.times.map { (String($0.key.dropFirst(prefix.count)), $0.value) }),
            truncated: Set(found.truncated.map { String($0.dropFirst(prefix.count)) }))
    }

    /// The root of the working tree that contains `path`, as `git rev-parse --show-toplevel` finds it.
    public static func workingTreeRoot(containing path: String) throws(EnvironmentError) -> URL {
        let repository = try GitRepository(discoveringFrom: path)
        guard let root = repository.workingDirectory else {
            throw EnvironmentError("the repository is bare: it has no working tree with content files", path: path)
        }
        return root
    }
}
