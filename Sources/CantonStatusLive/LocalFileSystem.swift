public import CantonStatus
public import Foundation

/// The repository on disk. Every path is resolved against `root`; a symlink whose real target lies
/// outside `root` is reported, never read.
public struct LocalFileSystem: ContentFileSystem {
    public let root: URL
    private let realRoot: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        realRoot = Self.realPath(self.root.path) ?? self.root.path
    }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        let url = root.appendingPathComponent(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            throw EnvironmentError("'\(directory)' is a file, not a folder", path: directory,
                                   hint: "\(directory)/ must be a folder of content files")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw EnvironmentError("cannot list the folder: \(Self.reason(error))", path: directory)
        }
        return names.sorted().map { name in
            let path = url.appendingPathComponent(name).path
            var entryIsDirectory: ObjCBool = false
            // fileExists follows symlinks: a link to a file counts as a file (checked again on read).
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &entryIsDirectory)
            if !exists {
                return DirectoryEntry(name: name, kind: Self.isSymlink(path) ? .file : .other)
            }
            return DirectoryEntry(name: name, kind: entryIsDirectory.boolValue ? .directory : .file)
        }
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        let absolute = root.appendingPathComponent(path).path
        if Self.isSymlink(absolute) {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: absolute)) ?? "?"
            guard let real = Self.realPath(absolute) else {
                return Self.isInside(Self.lexicalTarget(target, of: absolute), root: realRoot)
                    ? .missing : .outsideRepository(target: target)
            }
            if !Self.isInside(real, root: realRoot) { return .outsideRepository(target: target) }
        }
        guard FileManager.default.fileExists(atPath: absolute) else { return .missing }
        guard let handle = FileHandle(forReadingAtPath: absolute) else {
            throw EnvironmentError("cannot read the file (permission denied?)", path: path,
                                   hint: "check the file's permissions")
        }
        defer { try? handle.close() }
        do {
            // Read one byte past the cap so an oversized file is reported without loading all of it.
            let data = try handle.read(upToCount: ContentBytes.maximumSize + 1) ?? Data()
            if data.count > ContentBytes.maximumSize {
                let size = (try? FileManager.default.attributesOfItem(atPath: absolute)[.size] as? Int) ?? data.count
                return .tooLarge(size: size)
            }
            return .bytes(Array(data))
        } catch {
            throw EnvironmentError("cannot read the file: \(Self.reason(error))", path: path)
        }
    }

    static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func lexicalTarget(_ target: String, of link: String) -> String {
        if target.hasPrefix("/") { return target }
        return URL(fileURLWithPath: link).deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL.path
    }

    private static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
