import ArgumentParser
import Model
import CantonStatusLive
import Foundation

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The status repository (default: the git repository of the current folder).", valueName: "dir"))
    var repo: String?

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Print more detail about what is done.")
    var verbose = false

    /// The content root and its git history.
    ///
    /// Without `--repo`, the root is the working tree of the git repository around the current folder.
    /// With it, the folder given is the content root; it must be inside a git repository.
    func repository() throws(EnvironmentError) -> (fileSystem: LocalFileSystem, history: LibGit2History) {
        let start = URL(fileURLWithPath: repo ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EnvironmentError("no such folder", path: start.path, hint: "pass --repo with the folder of the status repository")
        }
        let root = repo == nil ? try LibGit2History.workingTreeRoot(containing: start.path) : start
        if repo != nil { _ = try LibGit2History.workingTreeRoot(containing: start.path) }
        return (LocalFileSystem(root: root), LibGit2History(contentRoot: root.path))
    }
}

/// `--now`, for reproducible runs (tests, re-running a past CI job). Defaults to the wall clock.
struct ClockOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pretend the time is T (ISO 8601 with zone), for reproducible runs.", valueName: "T"))
    var now: String?

    func resolvedNow() throws -> Timestamp {
        guard let now else { return Timestamp(Date()) }
        guard case .success(let time) = Timestamp.parse(now) else {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time with a zone, e.g. 2026-11-20T14:05Z")
        }
        return time
    }

    func validate() throws { _ = try resolvedNow() }
}
