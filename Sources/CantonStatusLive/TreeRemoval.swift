import Model
import Foundation

/// Removes a folder tree (the previous site once the new one is in place, or a discarded staging
/// folder) with its files unlinked
/// from all cores.
///
/// A site is ten thousand small files, and removing them one by one was the last, single-threaded
/// step of a build: on ext4 half a second of kernel time. Freeing a file's blocks happens after its
/// folder is unlocked, so unlinking from several threads at once, even in one folder, takes about
/// two thirds of the time. Folders are listed with `readdir` (its entry types spare a `stat` per
/// file) and removed deepest first once empty. Whatever this cannot remove is left to
/// `FileManager`, so an odd entry never leaves the tree half there.
enum TreeRemoval {
    static func remove(_ root: URL) {
        var files: [String] = []
        var folders: [String] = []
        guard list(root.path, files: &files, folders: &folders) else {
            try? FileManager.default.removeItem(at: root)
            return
        }
        let chunks = stride(from: 0, to: files.count, by: 256).map { Array(files[$0..<min($0 + 256, files.count)]) }
        _ = ParallelMap.map(chunks, minimumCount: 2) { chunk in
            for path in chunk { unlink(path) }
        }
        for folder in folders.reversed() { rmdir(folder) }
        if FileManager.default.fileExists(atPath: root.path) { try? FileManager.default.removeItem(at: root) }
    }

    /// Adds every non-folder under `path` to `files` and every folder, parents first, to `folders`;
    /// `false` when a folder cannot be read or an entry's type is unknown.
    private static func list(_ path: String, files: inout [String], folders: inout [String]) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        folders.append(path)
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): subfolders.append(path + "/" + name)
            case Int32(DT_UNKNOWN): return false
            default: files.append(path + "/" + name)
            }
        }
        for subfolder in subfolders where !list(subfolder, files: &files, folders: &folders) { return false }
        return true
    }
}
