public import Model

/// Read-only access to a repository's content files, rooted at the repository.
///
/// Paths are repository-relative with `/` separators. The live implementation refuses to follow a
/// symlink out of the repository, so a pull request cannot make `validate` or `build` read
/// `/etc/passwd` into the site.
public protocol ContentFileSystem: Sendable {
    /// Names of the entries directly inside `directory` (not recursive), sorted; empty when the
    /// directory does not exist.
    func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry]
    /// The file's bytes, or why there are none.
    func read(_ path: String) throws(EnvironmentError) -> FileContents
    /// The same with another size cap than `ContentBytes.maximumSize`: `history/` files only grow
    /// (a line per component and day), and a year or two of them outgrows a content file's cap.
    func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents
}

extension ContentFileSystem {
    /// File systems without their own cap (in memory, in tests) read as usual.
    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents { try read(path) }
}

public struct DirectoryEntry: Hashable, Sendable {
    public enum Kind: Sendable { case file, directory, other }
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

public enum FileContents: Sendable {
    case bytes([UInt8])
    case missing
    /// Larger than `ContentBytes.maximumSize`; not read.
    case tooLarge(size: Int)
    /// A symlink whose target lies outside the repository; the target is not read.
    case outsideRepository(target: String)
}

/// Write access to the repository's files, for the jobs that keep state there: probe history,
/// automated incidents, the notification ledger. Each write is atomic: a reader, or a run killed
/// half-way, sees either the old bytes or the new ones.
public protocol RepositoryWriter: Sendable {
    /// Replaces (or creates) the file at the repository-relative `path`, creating its folders.
    func write(_ bytes: [UInt8], to path: String) throws(EnvironmentError)
    /// Removes the file; nothing happens when there is none.
    func remove(_ path: String) throws(EnvironmentError)
}

/// A repository the jobs can both read and write.
public typealias RepositoryFiles = ContentFileSystem & RepositoryWriter
