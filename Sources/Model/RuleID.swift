/// The kebab-case identifier of a validation rule, printed as `[rule-id]`.
///
/// Every rule `validate` applies is listed here, so `docs/` and the JSON schema can enumerate them and
/// tests can refer to them without typos.
public struct RuleID: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension RuleID {
    // Files and syntax
    /// The file is not UTF-8 text, is binary, or is too large to be content.
    public static let encoding: RuleID = "encoding"
    public static let fileTooLarge: RuleID = "file-too-large"
    public static let emptyFile: RuleID = "empty-file"
    public static let symlinkOutsideRepo: RuleID = "symlink-outside-repo"
    public static let fileName: RuleID = "file-name"
    public static let fileDate: RuleID = "file-date"
    public static let frontMatter: RuleID = "front-matter"
    public static let yamlSyntax: RuleID = "yaml-syntax"
    public static let tabIndent: RuleID = "tab-indent"
    public static let duplicateKey: RuleID = "duplicate-key"
    public static let yamlAlias: RuleID = "yaml-alias"

    // Shape
    public static let unknownKey: RuleID = "unknown-key"
    public static let missingField: RuleID = "missing-field"
    public static let wrongType: RuleID = "wrong-type"
    public static let invalidValue: RuleID = "invalid-value"
    public static let invalidID: RuleID = "invalid-id"
    public static let duplicateID: RuleID = "duplicate-id"
    public static let timeZone: RuleID = "time-zone"
    public static let invalidTime: RuleID = "invalid-time"

    // References
    public static let unknownEnvironment: RuleID = "unknown-environment"
    public static let unknownGroup: RuleID = "unknown-group"
    public static let unknownComponent: RuleID = "unknown-component"
    public static let componentEnvironment: RuleID = "component-environment"
    public static let unknownEvent: RuleID = "unknown-event"

    // Timelines
    public static let updateOrder: RuleID = "update-order"
    public static let updateAfterResolved: RuleID = "update-after-resolved"
    public static let futureTime: RuleID = "future-time"
    public static let endBeforeStart: RuleID = "end-before-start"
    public static let shortNotice: RuleID = "short-notice"
    public static let noticeUnverified: RuleID = "notice-unverified"
    public static let missingSummary: RuleID = "missing-summary"
    /// The network announces an upgrade within `maintenance_notice` that no posted window covers.
    public static let unpostedUpgrade: RuleID = "unposted-upgrade"

    // Text and secrets
    public static let rawHTML: RuleID = "raw-html"
    public static let literalSecret: RuleID = "literal-secret"
    public static let invalidReference: RuleID = "invalid-reference"

    // Site
    /// A template in `site-template/` is missing or does not parse.
    public static let templateSyntax: RuleID = "template-syntax"
    /// `style.css` gives every mark of the 90-day bar one colour, hiding outages.
    public static let barColours: RuleID = "bar-colours"
}
