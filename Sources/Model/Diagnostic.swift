/// Something `validate` found in the content. A diagnostic means "the tool ran and found this";
/// a thrown error means "the tool could not run" (see `EnvironmentError`).
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: Int, Comparable, Sendable, CaseIterable {
        case note, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

        public var name: String {
            switch self {
            case .note: "note"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// A secondary location that helps explain the diagnostic ("first defined here").
    public struct Note: Hashable, Sendable {
        public var location: SourceLocation?
        public var message: String

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    /// Where the problem is. `nil` only for problems that belong to no file (none today).
    public var location: SourceLocation?
    public var rule: RuleID
    /// What is wrong, in lowercase, quoting the offending value.
    public var message: String
    /// How to fix it.
    public var hint: String?
    public var notes: [Note]
    /// `false` when the source line must not be echoed (it holds a secret).
    public var showsSource: Bool

    public init(
        _ severity: Severity, _ rule: RuleID, _ message: String, at location: SourceLocation?,
        hint: String? = nil, notes: [Note] = [], showsSource: Bool = true
    ) {
        self.showsSource = showsSource
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    public static func error(
        _ rule: RuleID, _ message: String, at location: SourceLocation?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, rule, message, at: location, hint: hint, notes: notes)
    }

    public static func warning(
        _ rule: RuleID, _ message: String, at location: SourceLocation?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, rule, message, at: location, hint: hint, notes: notes)
    }

    public static func note(
        _ rule: RuleID, _ message: String, at location: SourceLocation?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.note, rule, message, at: location, hint: hint, notes: notes)
    }
}

extension Diagnostic: Comparable {
    /// Sorted by file and position, then by rule, so output is stable run to run.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return true
        case (_?, nil): return false
        default: return (lhs.rule.rawValue, lhs.message) < (rhs.rule.rawValue, rhs.message)
        }
    }
}

/// Lets single-file stages return `Result<Value, Diagnostic>`: a file too broken to read further
/// produces exactly one diagnostic. These results are collected into the report, never thrown.
extension Diagnostic: Error {}
