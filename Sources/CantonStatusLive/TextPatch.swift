internal import CGit2

/// A unified diff of two versions of one file, made by libgit2: git's own diff and format, so
/// what `update` prints reads like the `git diff` an operator would check before committing.
public enum TextPatch {
    /// libgit2's global state; initialising it again is reference-counted and harmless.
    private static let initialized: Int32 = git_libgit2_init()

    /// The diff from `old` to `new` as `path`, with three lines of context; empty when equal or
    /// when libgit2 cannot make one.
    public static func unified(from old: String, to new: String, path: String) -> String {
        _ = initialized
        var patch: OpaquePointer?
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        let status = oldBytes.withUnsafeBytes { oldBuffer in
            newBytes.withUnsafeBytes { newBuffer in
                git_patch_from_buffers(&patch, oldBuffer.baseAddress, oldBuffer.count, path,
                                       newBuffer.baseAddress, newBuffer.count, path, nil)
            }
        }
        guard status == 0, let patch else { return "" }
        defer { git_patch_free(patch) }
        var buffer = git_buf()
        guard git_patch_to_buf(&buffer, patch) == 0, let pointer = buffer.ptr else { return "" }
        defer { git_buf_dispose(&buffer) }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: buffer.size), as: UTF8.self)
    }
}
