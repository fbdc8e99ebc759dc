internal import CGit2
public import Model
public import Content
internal import Foundation

/// Reading trees by path and writing commits without a working tree: what the data branches of
/// probe history need (`DataBranchHistory`, `DataBranchWriter`, `HistoryMigration`).
extension GitRepository {
    /// Every reference whose full name matches `glob` (`refs/heads/status-data/*`), with the commit
    /// it points at, sorted by name. A symbolic or non-commit reference is skipped.
    func references(matching glob: String) -> [(name: String, commit: git_oid)] {
        var iterator: OpaquePointer?
        guard git_reference_iterator_glob_new(&iterator, handle, glob) == 0, let iterator else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var found: [(name: String, commit: git_oid)] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0, let current = reference {
            defer { git_reference_free(current) }
            var object: OpaquePointer?
            guard git_reference_peel(&object, current, GIT_OBJECT_COMMIT) == 0, let object else { continue }
            found.append((String(cString: git_reference_name(current)), git_object_id(object).pointee))
            git_object_free(object)
        }
        return found.sorted { $0.name < $1.name }
    }

    /// The commit a full reference name points at; `nil` when there is no such reference.
    func reference(_ name: String) -> git_oid? {
        var oid = git_oid()
        return git_reference_name_to_id(&oid, handle, name) == 0 ? oid : nil
    }

    /// The tree, committer time and parent ids of a commit.
    func commitInfo(_ commitID: git_oid) throws(EnvironmentError) -> (tree: git_oid, time: Int64, parents: [git_oid]) {
        var oid = commitID
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { throw lastError("cannot read commit \(Self.hex(commitID))") }
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0)?.pointee }
        return (git_commit_tree_id(commit).pointee, Int64(git_commit_time(commit)), parents)
    }

    /// What is at `path` in a tree (`""`: the tree itself): a blob, a tree, or nothing.
    func entry(_ path: String, inTree treeID: git_oid) -> (id: git_oid, isTree: Bool)? {
        if path.isEmpty { return (treeID, true) }
        let found = withTree(treeID) { tree -> (id: git_oid, isTree: Bool)? in
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            guard let id = git_tree_entry_id(entry) else { return nil }
            let type = git_tree_entry_type(entry)
            guard type == GIT_OBJECT_TREE || type == GIT_OBJECT_BLOB else { return nil }
            return (id.pointee, type == GIT_OBJECT_TREE)
        }
        return found ?? nil
    }

    /// The entries of the tree at `path` (`""`: the root), sorted by name; empty when it is not a tree.
    func entries(_ path: String, inTree treeID: git_oid) -> [(name: String, id: git_oid, isTree: Bool)] {
        guard let (id, isTree) = entry(path, inTree: treeID), isTree else { return [] }
        return withTree(id) { tree in
            (0..<git_tree_entrycount(tree)).compactMap { index -> (name: String, id: git_oid, isTree: Bool)? in
                guard let child = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(child),
                      let childID = git_tree_entry_id(child) else { return nil }
                let type = git_tree_entry_type(child)
                guard type == GIT_OBJECT_TREE || type == GIT_OBJECT_BLOB else { return nil }
                return (String(cString: name), childID.pointee, type == GIT_OBJECT_TREE)
            }
        } ?? []
    }

    /// A blob's bytes, or `nil` when it is larger than `limit` (its size is then the second value).
    func blob(_ id: git_oid, limit: Int) throws(EnvironmentError) -> (bytes: [UInt8]?, size: Int) {
        var oid = id
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, handle, &oid) == 0, let blob else { throw lastError("cannot read blob \(Self.hex(id))") }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= limit else { return (nil, size) }
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return ([], 0) }
        return (Array(UnsafeRawBufferPointer(start: raw, count: size)), size)
    }

    /// A new tree: `base` (or an empty tree) with `changes` applied, a path's bytes written or, for
    /// `nil`, the file removed. Built in an in-memory index, so no working tree or index file is touched.
    func tree(base: git_oid?, applying changes: [String: [UInt8]?]) throws(EnvironmentError) -> git_oid {
        var index: OpaquePointer?
        guard git_index_new(&index) == 0, let index else { throw lastError("cannot create an index") }
        defer { git_index_free(index) }
        if let base {
            let read = withTree(base) { tree in git_index_read_tree(index, tree) } ?? -1
            guard read == 0 else { throw lastError("cannot read tree \(Self.hex(base))") }
        }
        for (path, bytes) in changes.sorted(by: { $0.key < $1.key }) {
            let status: Int32 = path.withCString { cPath in
                guard let bytes else { return git_index_get_bypath(index, cPath, 0) == nil ? 0 : git_index_remove(index, cPath, 0) }
                // The blob is written first: an in-memory index cannot write one itself.
                var entry = git_index_entry()
                let written = bytes.withUnsafeBytes { git_blob_create_from_buffer(&entry.id, handle, $0.baseAddress, $0.count) }
                guard written == 0 else { return written }
                entry.mode = 0o100644
                entry.path = cPath
                return git_index_add(index, &entry)
            }
            guard status == 0 else { throw lastError("cannot stage \(path)") }
        }
        var tree = git_oid()
        guard git_index_write_tree_to(&tree, index, handle) == 0 else { throw lastError("cannot write the tree") }
        return tree
    }

    /// A tree of subtrees and blobs already in the repository, by name: `name → (id, isTree)`.
    func tree(of entries: [String: (id: git_oid, isTree: Bool)]) throws(EnvironmentError) -> git_oid {
        var builder: OpaquePointer?
        guard git_treebuilder_new(&builder, handle, nil) == 0, let builder else { throw lastError("cannot build a tree") }
        defer { git_treebuilder_free(builder) }
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            var id = entry.id
            guard git_treebuilder_insert(nil, builder, name, &id, entry.isTree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB) == 0 else {
                throw lastError("cannot add \(name) to a tree")
            }
        }
        var tree = git_oid()
        guard git_treebuilder_write(&tree, builder) == 0 else { throw lastError("cannot write the tree") }
        return tree
    }

    /// Writes a commit of `tree` on `parents` (known by id only: a shallow fetch is enough) and
    /// points `reference` at it, replacing what it pointed at.
    func commit(tree: git_oid, parents: [git_oid], at time: Int64, message: String, author: (name: String, email: String),
                updating reference: String) throws(EnvironmentError) -> git_oid {
        var signature: UnsafeMutablePointer<git_signature>?
        guard git_signature_new(&signature, author.name, author.email, git_time_t(time), 0) == 0, let signature else {
            throw lastError("cannot make the commit's signature")
        }
        defer { git_signature_free(signature) }
        var treeID = tree
        var parentIDs = parents
        var commit = git_oid()
        let status = parentIDs.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var pointers: [UnsafePointer<git_oid>?] = (0..<buffer.count).map { UnsafePointer(buffer.baseAddress! + $0) }
            return git_commit_create_from_ids(&commit, handle, nil, signature, signature, nil, message, &treeID, pointers.count, &pointers)
        }
        guard status == 0 else { throw lastError("cannot write the commit") }
        var updated: OpaquePointer?
        guard git_reference_create(&updated, handle, reference, &commit, 1, message) == 0 else {
            throw lastError("cannot update \(reference)")
        }
        git_reference_free(updated)
        return commit
    }

    private func withTree<T>(_ treeID: git_oid, _ body: (OpaquePointer) -> T) -> T? {
        var oid = treeID
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, handle, &oid) == 0, let tree else { return nil }
        defer { git_tree_free(tree) }
        return body(tree)
    }
}
