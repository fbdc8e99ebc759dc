public import Model
public import Content
public import Foundation

/// The repository on disk. Every path is resolved against `root`; a symlink whose real target lies
/// outside `root` is reported, never read.
public struct LocalFileSystem: ContentFileSystem {
    public let root: URL
    private let rootPath: String
    private let realRoot: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        var path = self.root.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        rootPath = path
        realRoot = Self.realPath(path) ?? path
    }

    /// Lists with `readdir`, using the entry type it reports, so a folder of 50,000 incidents costs
    /// one system call per entry rather than three (`FileManager` stats each name).
    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        let absolute = absolutePath(directory)
        guard let stream = opendir(absolute) else {
            switch errno {
            case ENOENT: return []
            case ENOTDIR:
                throw EnvironmentError("'\(directory)' is a file, not a folder", path: directory,
                                       hint: "\(directory)/ must be a folder of content files")
            default:
                throw EnvironmentError("cannot list the folder: \(String(cString: strerror(errno)))", path: directory)
            }
        }
        defer { closedir(stream) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: DirectoryEntry.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG), Int32(DT_LNK): kind = .file  // links are checked again on read
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_UNKNOWN): kind = Self.kind(atPath: absolute + "/" + name)
            default: kind = .other
            }
            entries.append(DirectoryEntry(name: name, kind: kind))
        }
        return entries.sorted { $0.name < $1.name }
    }

    private static func kind(atPath path: String) -> DirectoryEntry.Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .other }
        switch status.st_mode & S_IFMT {
        case S_IFREG, S_IFLNK: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// String concatenation rather than `URL.appendingPathComponent`, which is slow on Linux.
    private func absolutePath(_ relative: String) -> String {
        rootPath + "/" + relative
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        try read(path, limit: ContentBytes.maximumSize)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        let absolute = absolutePath(path)
        // One lstat decides everything for the common case (a regular file): this runs per content file.
        var status = stat()
        guard lstat(absolute, &status) == 0 else { return .missing }
        if (status.st_mode & S_IFMT) == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: absolute)) ?? "?"
            guard let real = Self.realPath(absolute) else {
                return Self.isInside(Self.lexicalTarget(target, of: absolute), root: realRoot)
                    ? .missing : .outsideRepository(target: target)
            }
            if !Self.isInside(real, root: realRoot) { return .outsideRepository(target: target) }
            guard stat(absolute, &status) == 0 else { return .missing }
        }
        if Int(status.st_size) > limit { return .tooLarge(size: Int(status.st_size)) }
        let descriptor = open(absolute, O_RDONLY)
        guard descriptor >= 0 else {
            throw EnvironmentError("cannot read the file: \(String(cString: strerror(errno)))", path: path,
                                   hint: "check the file's permissions")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(4096, Int(status.st_size) + 1))
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw EnvironmentError("cannot read the file: \(String(cString: strerror(errno)))", path: path)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes.count > limit ? .tooLarge(size: bytes.count) : .bytes(bytes)
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

extension LocalFileSystem: RepositoryWriter {
    /// Through a temp file in the same folder, flushed, then renamed (`AtomicFile`).
    public func write(_ bytes: [UInt8], to path: String) throws(EnvironmentError) {
        try AtomicFile.write(bytes, to: URL(fileURLWithPath: absolutePath(path)))
    }

    public func remove(_ path: String) throws(EnvironmentError) {
        guard unlink(absolutePath(path)) == 0 || errno == ENOENT else {
            throw EnvironmentError("cannot remove the file: \(String(cString: strerror(errno)))", path: path)
        }
    }
}
