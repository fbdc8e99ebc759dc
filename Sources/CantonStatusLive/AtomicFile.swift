public import Model
public import Foundation

/// Small state files (the notification ledger, probe history) written so that a reader, or a run
/// killed half-way, sees either the old bytes or the new ones: a temp file in the same folder,
/// flushed, then renamed over the destination.
public enum AtomicFile {
    /// The file's bytes, or `nil` when it does not exist.
    public static func read(_ url: URL) throws(EnvironmentError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw EnvironmentError("cannot read the file", path: url.path)
        }
    }

    public static func write(_ bytes: [UInt8], to url: URL) throws(EnvironmentError) {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EnvironmentError("cannot create the folder", path: folder.path)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file", temporary) }
        let ok = bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
        // fsync before the rename: after a crash the new name must not point at empty blocks.
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard ok, synced else {
            unlink(temporary.path)
            throw failure("cannot write", temporary)
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw failure("cannot replace the file", url)
        }
    }

    /// Writes all of `buffer` to an open file: a short write continues where it stopped, a signal
    /// (`EINTR`) retries. The one write loop of the file writers here; `false` with `errno` set.
    public static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var written = 0
        while written < buffer.count {
            let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            if result == 0 { errno = EIO; return false }
            written += result
        }
        return true
    }

    private static func failure(_ what: String, _ url: URL) -> EnvironmentError {
        EnvironmentError("\(what): \(String(cString: strerror(errno)))", path: url.path)
    }
}
