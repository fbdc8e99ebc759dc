public import Model

/// What `notify` needs from git: commits by name, the files that changed between two of them, and
/// a file's bytes at a commit. Paths are relative to the content root, with `/` separators.
public protocol RevisionReader: Sendable {
    /// The full commit id a revision names (`main`, `HEAD~1`, an abbreviated id).
    func commit(_ revision: String) throws(EnvironmentError) -> String
    /// The first parent of `commit`; `nil` for a root commit.
    func firstParent(of commit: String) throws(EnvironmentError) -> String?
    /// Files under `directories` (and files named exactly like one of them) that differ between the
    /// two commits; `from == nil` compares with an empty tree. Only changed paths are read.
    func changes(from: String?, to: String, under directories: [String]) throws(EnvironmentError) -> [FileChange]
    /// The file's bytes at `commit`, or `nil` when it does not exist there.
    func file(_ path: String, at commit: String) throws(EnvironmentError) -> [UInt8]?
    /// Names of the files directly in `directory` at `commit`, sorted.
    func fileNames(in directory: String, at commit: String) throws(EnvironmentError) -> [String]
}

/// One path whose bytes differ between two commits. A rename shows as a deletion plus an addition;
/// `notify` pairs them by meaning, not by git's similarity score.
public struct FileChange: Sendable, Equatable {
    public var path: String
    /// `nil` when the file was added.
    public var oldBytes: [UInt8]?
    /// `nil` when the file was deleted.
    public var newBytes: [UInt8]?

    public init(path: String, oldBytes: [UInt8]?, newBytes: [UInt8]?) {
        self.path = path
        self.oldBytes = oldBytes
        self.newBytes = newBytes
    }
}
