public import CantonStatus
public import Foundation

/// Writes a built site atomically: every file goes into a staging folder beside the output, which is
/// then swapped in with two renames. A build that fails at any point (a full disk, a bug, a killed
/// process) leaves the previous site byte-for-byte as it was; readers never see half a site.
public struct SiteWriter: Sendable {
    /// Failure injection for tests: throw after writing this many files into the staging folder.
    public var failAfterFiles: Int?

    public init(failAfterFiles: Int? = nil) {
        self.failAfterFiles = failAfterFiles
    }

    /// Replaces the folder at `output` with exactly `files`.
    public func write(_ files: [OutputFile], to output: URL) throws(EnvironmentError) {
        let output = output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).staging-\(token)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(token)")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw EnvironmentError("cannot create the staging folder: \(error.localizedDescription)", path: staging.path,
                                   hint: "check that the folder above --out exists and is writable")
        }
        do {
            for file in files where !Self.isSafeRelativePath(file.path) {
                throw EnvironmentError("refusing to write outside the site", path: file.path)
            }
            let folders = Set(files.map { staging.appendingPathComponent($0.path).deletingLastPathComponent().path })
            for folder in folders.sorted() {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let writable = failAfterFiles.map { Array(files.prefix($0)) } ?? files
            let stagingPath = staging.path
            // One after another: parallel creates in one folder only contend on the folder's lock.
            for file in writable {
                if let failure = Self.writeNew(file, under: stagingPath) { throw failure }
            }
            if writable.count < files.count {
                throw EnvironmentError("build interrupted after \(writable.count) files (injected failure)")
            }
            var isDirectory: ObjCBool = false
            let hadPrevious = manager.fileExists(atPath: output.path, isDirectory: &isDirectory)
            if hadPrevious {
                guard isDirectory.boolValue else {
                    throw EnvironmentError("--out is a file, not a folder", path: output.path)
                }
                try Self.rename(output, to: previous)
            }
            do {
                try Self.rename(staging, to: output)
            } catch {
                if hadPrevious { try? Self.rename(previous, to: output) }
                throw error
            }
            if hadPrevious { try? manager.removeItem(at: previous) }
        } catch let error as EnvironmentError {
            try? manager.removeItem(at: staging)
            throw error
        } catch {
            try? manager.removeItem(at: staging)
            throw EnvironmentError("cannot write the site: \(error.localizedDescription)", path: output.path)
        }
    }

    /// Writes one file into the fresh staging folder with plain `open`/`write`: no temp file and no
    /// fsync per file (the staging folder as a whole is what gets swapped in), which matters at
    /// tens of thousands of pages.
    private static func writeNew(_ file: OutputFile, under root: String) -> EnvironmentError? {
        let path = root + "/" + file.path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return EnvironmentError("cannot create the file: \(String(cString: strerror(errno)))", path: file.path) }
        defer { close(descriptor) }
        var written = 0
        let failed = file.bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                written += result
            }
            return false
        }
        return failed ? EnvironmentError("cannot write the file: \(String(cString: strerror(errno)))", path: file.path) : nil
    }

    private static func rename(_ source: URL, to destination: URL) throws(EnvironmentError) {
        guard Foundation.rename(source.path, destination.path) == 0 else {
            throw EnvironmentError("cannot rename '\(source.lastPathComponent)': \(String(cString: strerror(errno)))",
                                   path: destination.path)
        }
    }

    /// No absolute paths, no `..`: a renderer bug must not write outside the staging folder.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." }
    }
}
