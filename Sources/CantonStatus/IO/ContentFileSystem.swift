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

/// The tool could not run: not a repository, an unreadable file, a missing secret. Exit code 2.
public struct EnvironmentError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var path: String?

    public init(_ message: String, path: String? = nil, hint: String? = nil) {
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String {
        var text = (path.map { "\($0): " } ?? "") + message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
