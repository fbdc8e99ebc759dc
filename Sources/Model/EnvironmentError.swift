/// The tool could not run: not a repository, an unreadable file, a missing secret. Exit code 2.
public struct EnvironmentError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var path: String?
    /// What the caller can change to get past the error, for a front end to word in its own terms
    /// (the command line names its flags; the core never does).
    public var remedy: Remedy?

    /// Fixes that a caller, not the content, controls.
    public enum Remedy: Sendable, Equatable {
        /// Point the tool at the status repository.
        case chooseRepository
        /// Name the earlier revision to compare with.
        case chooseEarlierRevision
    }

    public init(_ message: String, path: String? = nil, hint: String? = nil, remedy: Remedy? = nil) {
        self.message = message
        self.path = path
        self.hint = hint
        self.remedy = remedy
    }

    public var description: String {
        var text = (path.map { "\($0): " } ?? "") + message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
