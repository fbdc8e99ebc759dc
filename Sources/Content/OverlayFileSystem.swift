public import Model

/// A file system that reads like `base` except for one file, whose bytes are given: validation
/// sees a repository with an edit applied before anything is written, so an edit that would not
/// validate never reaches the disk.
public struct OverlayFileSystem<Base: ContentFileSystem>: ContentFileSystem {
    public let base: Base
    public let path: String
    public let bytes: [UInt8]

    public init(_ base: Base, replacing path: String, with bytes: [UInt8]) {
        self.base = base
        self.path = path
        self.bytes = bytes
    }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        var entries = try base.entries(in: directory)
        let folder = directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/"
        if path.hasPrefix(folder), case let name = String(path.dropFirst(folder.count)), !name.contains("/"),
           !entries.contains(where: { $0.name == name }) {
            entries.append(DirectoryEntry(name: name, kind: .file))
            entries.sort { $0.name < $1.name }
        }
        return entries
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        path == self.path ? .bytes(bytes) : try base.read(path)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        path == self.path ? .bytes(bytes) : try base.read(path, limit: limit)
    }
}
