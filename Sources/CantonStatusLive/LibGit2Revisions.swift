public import Model
public import Content

/// `RevisionReader` backed by libgit2. Like `LibGit2History` it holds only the content root and
/// opens its own handle per call, so it is `Sendable`; the content root may be a subfolder of the
/// working tree, and every path in and out is relative to it.
public struct LibGit2Revisions: RevisionReader {
    public let contentRoot: String

    public init(contentRoot: String) {
        self.contentRoot = contentRoot
    }

    private func open() throws(EnvironmentError) -> (GitRepository, prefix: String) {
        let repository = try GitRepository(discoveringFrom: contentRoot)
        return (repository, repository.relativePath(of: contentRoot))
    }

    public func commit(_ revision: String) throws(EnvironmentError) -> String {
        GitRepository.hex(try open().0.commitID(revision))
    }

    public func firstParent(of commit: String) throws(EnvironmentError) -> String? {
        try open().0.firstParent(of: GitRepository.oid(commit)).map(GitRepository.hex)
    }

    public func changes(from: String?, to: String, under directories: [String]) throws(EnvironmentError) -> [FileChange] {
        let (repository, prefix) = try open()
        let old = try from.map { hex throws(EnvironmentError) in try GitRepository.oid(hex) }
        let found = try repository.changes(from: old, to: GitRepository.oid(to), under: directories.map { prefix + $0 })
        return found.map { FileChange(path: String($0.path.dropFirst(prefix.count)), oldBytes: $0.oldBytes, newBytes: $0.newBytes) }
    }

    public func file(_ path: String, at commit: String) throws(EnvironmentError) -> [UInt8]? {
        let (repository, prefix) = try open()
        return try repository.file(prefix + path, at: GitRepository.oid(commit))
    }

    public func fileNames(in directory: String, at commit: String) throws(EnvironmentError) -> [String] {
        let (repository, prefix) = try open()
        return try repository.fileNames(in: prefix + directory, at: GitRepository.oid(commit))
    }
}
