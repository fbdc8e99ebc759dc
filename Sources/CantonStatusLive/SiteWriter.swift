public import Model
public import Site
import Dispatch
public import Foundation
import Synchronization

/// Writes a built site atomically: every file goes into a staging folder beside the output, which is
/// then swapped in with two renames. A build that fails at any point (a full disk, a bug, a killed
/// process) leaves the previous site byte-for-byte as it was; readers never see half a site.
public struct SiteWriter: Sendable {
    /// Failure injection for tests: fail after writing this many files into the staging folder.
    public var failAfterFiles: Int?

    public init(failAfterFiles: Int? = nil) {
        self.failAfterFiles = failAfterFiles
    }

    /// Replaces the folder at `output` with exactly `files`.
    public func write(_ files: [OutputFile], to output: URL) throws(EnvironmentError) {
        let staging = stage(output)
        staging.add(files)
        try staging.commit()
    }

    /// A staging folder that files can be added to while the rest of the site is still rendering.
    public func stage(_ output: URL) -> Staging {
        Staging(output: output.standardizedFileURL, failAfterFiles: failAfterFiles)
    }

    /// Files added from any thread are written, in order of arrival, by one background queue, so
    /// the disk works while the renderers keep both cores busy: on a ten-thousand-page build the
    /// writing then mostly disappears behind the rendering. One writer, because parallel creates in
    /// one folder only contend on the folder's lock. The staging folder is made with the first file,
    /// so a build that renders nothing (invalid content) touches nothing.
    public final class Staging: Sendable {
        private let output: URL
        private let folder: URL
        /// `folder.path`, worked out once: every file's path starts with it.
        private let folderPath: String
        private let failAfterFiles: Int?
        private let queue = DispatchQueue(label: "canton-status.site-writer")
        private let state = Mutex(State())

        private struct State {
            var created = false
            var folders: Set<String> = []
            var written = 0
            var failure: EnvironmentError?
            var finished = false
        }

        init(output: URL, failAfterFiles: Int?) {
            self.output = output
            self.failAfterFiles = failAfterFiles
            let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            folder = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).staging-\(token)")
            folderPath = folder.path
        }

        /// Queues `file` for writing; a failure is kept and thrown by `commit()`, later files are skipped.
        public func add(_ file: OutputFile) {
            add([file])
        }

        /// Queues `files` for writing, in order, with one hand-over to the writer queue for all of them.
        public func add(_ files: [OutputFile]) {
            queue.async { self.state.withLock { state in for file in files { self.write(file, state: &state) } } }
        }

        /// Waits for every added file, then swaps the staging folder in place of the output. On any
        /// failure the staging folder is removed and the output is left as it was.
        public func commit() throws(EnvironmentError) {
            let failure = queue.sync { state.withLock { state -> EnvironmentError? in
                state.finished = true
                if state.failure == nil && !state.created { create(&state) }
                return state.failure
            } }
            if let failure {
                discard()
                throw failure
            }
            do {
                try swapIn()
            } catch {
                discard()
                throw error
            }
        }

        /// Removes the staging folder; the output is untouched.
        public func discard() {
            queue.sync { state.withLock { $0.finished = true } }
            TreeRemoval.remove(folder)
        }

        private func write(_ file: OutputFile, state: inout State) {
            guard state.failure == nil, !state.finished else { return }
            if !state.created { create(&state) }
            if let limit = failAfterFiles, state.written >= limit {
                state.failure = EnvironmentError("build interrupted after \(state.written) files (injected failure)")
                return
            }
            guard SiteWriter.isSafeRelativePath(file.path) else {
                state.failure = EnvironmentError("refusing to write outside the site", path: file.path)
                return
            }
            let path = folderPath + "/" + file.path
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            if !state.folders.contains(parent) {
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    state.failure = EnvironmentError("cannot create the folder: \(error.localizedDescription)", path: file.path)
                    return
                }
                state.folders.insert(parent)
            }
            state.failure = file.withBytes { SiteWriter.writeNew($0, at: path, shownAs: file.path) }
            state.written += 1
        }

        private func create(_ state: inout State) {
            state.created = true
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                state.folders.insert(folderPath)
            } catch {
                state.failure = EnvironmentError("cannot create the staging folder: \(error.localizedDescription)", path: folder.path,
                                                 hint: "check that the folder above --out exists and is writable")
            }
        }

        private func swapIn() throws(EnvironmentError) {
            let manager = FileManager.default
            let previous = folder.deletingLastPathComponent()
                .appendingPathComponent(folder.lastPathComponent.replacingOccurrences(of: ".staging-", with: ".previous-"))
            var isDirectory: ObjCBool = false
            let hadPrevious = manager.fileExists(atPath: output.path, isDirectory: &isDirectory)
            if hadPrevious {
                guard isDirectory.boolValue else {
                    throw EnvironmentError("--out is a file, not a folder", path: output.path)
                }
                try SiteWriter.rename(output, to: previous)
            }
            do {
                try SiteWriter.rename(folder, to: output)
            } catch {
                if hadPrevious { try? SiteWriter.rename(previous, to: output) }
                throw error
            }
            if hadPrevious { TreeRemoval.remove(previous) }
        }
    }

    /// Writes one file into the fresh staging folder with plain `open`/`write`: no temp file and no
    /// fsync per file (the staging folder as a whole is what gets swapped in), which matters at
    /// tens of thousands of pages.
    private static func writeNew(_ buffer: UnsafeRawBufferPointer, at path: String, shownAs shown: String) -> EnvironmentError? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return EnvironmentError("cannot create the file: \(String(cString: strerror(errno)))", path: shown) }
        defer { close(descriptor) }
        return AtomicFile.writeAll(buffer, to: descriptor) ? nil : EnvironmentError("cannot write the file: \(String(cString: strerror(errno)))", path: shown)
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
