public import Model

/// What the notice rule needs from git: when each content file was first committed.
public protocol GitHistory: Sendable {
    /// First-commit times of the files under `directory` reachable from HEAD.
    func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits
}

public struct FirstCommits: Sendable, Equatable {
    /// Committer time of the oldest commit that contains each path.
    public var times: [String: Timestamp]
    /// Paths already present in the oldest commit of a shallow clone: their real first commit may be
    /// older, so `times` holds only an upper bound for them.
    public var truncated: Set<String>

    public init(times: [String: Timestamp] = [:], truncated: Set<String> = []) {
        self.times = times
        self.truncated = truncated
    }
}

/// For content that is not in git at all (a plain folder): every file counts as new.
public struct NoGitHistory: GitHistory {
    public init() {}
    public func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits { FirstCommits() }
}
