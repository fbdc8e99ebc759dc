public import Model
public import Content

/// A repository held in memory: `[path: contents]`, as fixtures are written inline in tests.
/// Folders exist implicitly when a path lies under them.
public struct InMemoryFileSystem: ContentFileSystem {
    public var files: [String: [UInt8]]

    public init(_ files: [String: String]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    public init(bytes: [String: [UInt8]]) {
        self.files = bytes
    }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        let prefix = directory + "/"
        var names: [String: DirectoryEntry.Kind] = [:]
        for path in files.keys where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                names[String(rest[..<slash])] = .directory
            } else {
                names[String(rest)] = .file
            }
        }
        return names.keys.sorted().map { DirectoryEntry(name: $0, kind: names[$0]!) }
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        guard let bytes = files[path] else { return .missing }
        return bytes.count > ContentBytes.maximumSize ? .tooLarge(size: bytes.count) : .bytes(bytes)
    }
}
