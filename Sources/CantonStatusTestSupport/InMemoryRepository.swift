public import Model
public import Content
import Synchronization

/// A repository the jobs read and write, held in memory: what `probe` records and the incidents it
/// opens are visible to the next call, as on disk. A class because writes go through a shared
/// value (the jobs take their repository by value, like a file system handle).
public final class InMemoryRepository: RepositoryFiles {
    private let state: Mutex<InMemoryFileSystem>

    public init(_ files: [String: String] = [:]) {
        state = Mutex(InMemoryFileSystem(files))
    }

    /// Every file's text, by path.
    public var files: [String: String] {
        state.withLock { $0.files.mapValues { String(decoding: $0, as: UTF8.self) } }
    }

    public func entries(in directory: String) throws(EnvironmentError) -> [DirectoryEntry] {
        let snapshot = state.withLock { $0 }
        return try snapshot.entries(in: directory)
    }

    public func read(_ path: String) throws(EnvironmentError) -> FileContents {
        let snapshot = state.withLock { $0 }
        return try snapshot.read(path)
    }

    public func read(_ path: String, limit: Int) throws(EnvironmentError) -> FileContents {
        guard let bytes = state.withLock({ $0.files[path] }) else { return .missing }
        return bytes.count > limit ? .tooLarge(size: bytes.count) : .bytes(bytes)
    }

    public func write(_ bytes: [UInt8], to path: String) throws(EnvironmentError) {
        state.withLock { $0.files[path] = bytes }
    }

    public func remove(_ path: String) throws(EnvironmentError) {
        _ = state.withLock { $0.files.removeValue(forKey: path) }
    }
}
