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
            var createdFolders: Set<String> = [staging.path]
            for (index, file) in files.enumerated() {
                if let failAfterFiles, index >= failAfterFiles {
                    throw EnvironmentError("build interrupted after \(index) files (injected failure)")
                }
                guard Self.isSafeRelativePath(file.path) else {
                    throw EnvironmentError("refusing to write outside the site", path: file.path)
                }
                let destination = staging.appendingPathComponent(file.path)
                let folder = destination.deletingLastPathComponent().path
                if !createdFolders.contains(folder) {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    createdFolders.insert(folder)
                }
                guard manager.createFile(atPath: destination.path, contents: Data(file.bytes)) else {
                    throw EnvironmentError("cannot write the file", path: file.path)
                }
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
