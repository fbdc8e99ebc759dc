internal import Yams
internal import Model
internal import Content

/// Reads typed values out of a Yams node tree, recording a diagnostic for each value that does not fit
/// instead of stopping at the first.
///
/// It only descends where the content schema expects something, so the work is bounded by the size of
/// the text even when aliases make the tree look exponentially large.
struct NodeReader {
    let path: String
    /// Lines before the YAML text in its file (1 for front matter, 0 for `components.yml`).
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, lineOffset: Int) {
        self.path = path
        self.lineOffset = lineOffset
    }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(path: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    var fileStart: SourceLocation { SourceLocation(path: path, line: 1 + lineOffset, column: 1) }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: Mappings

    /// A mapping's values by key, with each key's node for positions.
    struct Fields {
        var node: Node
        var entries: [String: (key: Node, value: Node)]

        subscript(_ key: String) -> Node? {
            guard let value = entries[key]?.value, !value.isNull else { return nil }
            return value
        }
    }

    /// Reads a mapping whose keys must come from `known`. Unknown keys are reported with a suggestion;
    /// missing `required` keys are reported at the mapping, naming what the mapping is (`what`).
    mutating func fields(of node: Node, what: String, known: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(wrongType(node, expected: "a mapping of fields (key: value)", for: what))
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(.error(.wrongType, "a key in \(what) is not plain text", at: location(of: key),
                              hint: "keys are words such as 'title' or 'updates'"))
                continue
            }
            guard known.contains(name) else {
                report(.error(.unknownKey, "unknown key '\(name)' in \(what)", at: location(of: key),
                              hint: Suggestion.hint(for: name, in: known, kind: "key")))
                continue
            }
            entries[name] = (key, value)
        }
        for name in required where entries[name]?.value.isNull ?? true {
            let at = entries[name].map { location(of: $0.key) } ?? location(of: node)
            let present = entries[name] != nil
            report(.error(.missingField, present ? "'\(name)' in \(what) is empty" : "\(what) is missing '\(name)'",
                          at: at, hint: "add '\(name): …'" + (Self.requiredHints[name].map { ", \($0)" } ?? "")))
        }
        return Fields(node: node, entries: entries)
    }

    private static let requiredHints: [String: String] = [
        "title": "a one-line summary readers see first",
        "updates": "a list whose first item is {at: <time>, status: investigating, text: …}",
        "environments": "e.g. [mainnet]",
        "start": "e.g. 2026-12-10T14:00Z",
        "end": "e.g. 2026-12-10T20:00Z",
        "at": "the time of this update, e.g. 2026-11-20T14:05Z",
        "status": "e.g. investigating",
        "id": "a lowercase kebab-case id",
        "name": "the name readers see",
    ]

    // MARK: Scalars

    mutating func string(_ node: Node?, field: String) -> Located<String>? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            report(wrongType(node, expected: "text", for: "'\(field)'"))
            return nil
        }
        return Located(scalar.string, at: location(of: node))
    }

    mutating func int(_ node: Node?, field: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, field: field), let node else { return nil }
        guard let value = Int(text.value), range.contains(value) else {
            report(.error(.invalidValue, "'\(field)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.value)'",
                          at: location(of: node)))
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, field: String) -> Bool? {
        guard let text = string(node, field: field), let node else { return nil }
        switch text.value.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(.error(.invalidValue, "'\(field)' must be true or false, not '\(text.value)'", at: location(of: node)))
            return nil
        }
    }

    /// A value from a fixed set, reported with a suggestion when it is not one of them.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ node: Node?, field: String, as type: T.Type, allowed: [T]? = nil
    ) -> T? where T.RawValue == String {
        guard let text = string(node, field: field) else { return nil }
        let candidates = allowed ?? Array(T.allCases)
        if let value = T(rawValue: text.value), candidates.contains(where: { $0.rawValue == value.rawValue }) {
            return value
        }
        report(.error(.invalidValue, "'\(text.value)' is not a valid \(field)", at: text.location,
                      hint: Suggestion.hint(for: text.value, in: candidates.map(\.rawValue), kind: field)))
        return nil
    }

    mutating func timestamp(_ node: Node?, field: String) -> Located<Timestamp>? {
        guard let text = string(node, field: field) else { return nil }
        switch Timestamp.parse(text.value.trimmingWhitespace().description) {
        case .success(let time):
            return Located(time, at: text.location)
        case .failure(.missingZone):
            report(.error(.timeZone, "time '\(text.value)' in '\(field)' has no time zone", at: text.location,
                          hint: "add 'Z' for UTC or an offset, e.g. \(text.value)Z or \(text.value)+01:00"))
        case .failure(.missingTime):
            report(.error(.timeZone, "'\(field)' is a date without a time and zone: '\(text.value)'", at: text.location,
                          hint: "write a full time with a zone, e.g. \(text.value)T14:00Z"))
        case .failure(.malformed):
            report(.error(.invalidTime, "'\(text.value)' in '\(field)' is not a valid ISO 8601 time", at: text.location,
                          hint: "write YYYY-MM-DDTHH:MMZ, e.g. 2026-11-20T14:05Z"))
        }
        return nil
    }

    mutating func interval(_ node: Node?, field: String) -> Interval? {
        guard let text = string(node, field: field) else { return nil }
        guard let interval = Interval.parse(text.value) else {
            report(.error(.invalidValue, "'\(text.value)' is not a duration for '\(field)'", at: text.location,
                          hint: "write a number and a unit: 500ms, 5s, 20m, 48h, 2d (or a sum like 1h30m)"))
            return nil
        }
        return interval
    }

    /// A lowercase kebab-case id such as `scan-api` or `mainnet`.
    mutating func id(_ node: Node?, field: String) -> Located<String>? {
        guard let text = string(node, field: field) else { return nil }
        guard Slug.isKebabCase(text.value) else {
            report(.error(.invalidID, "'\(text.value)' is not a valid \(field): ids are lowercase kebab-case",
                          at: text.location, hint: "use lowercase letters, digits and single hyphens, e.g. '\(Slug.kebabCased(text.value))'"))
            return nil
        }
        return text
    }

    // MARK: Sequences

    /// A list; a single scalar where a list belongs is reported with the fix spelled out.
    mutating func list(_ node: Node?, field: String) -> [Node]? {
        guard let node else { return nil }
        switch node {
        case .sequence(let sequence):
            return Array(sequence)
        case .scalar(let scalar):
            report(.error(.wrongType, "'\(field)' must be a list", at: location(of: node),
                          hint: "write it as a list, e.g. \(field): [\(scalar.string)]"))
            return nil
        default:
            report(wrongType(node, expected: "a list", for: "'\(field)'"))
            return nil
        }
    }

    /// A list that must name at least one thing (an incident affects some network).
    mutating func nonEmptyStringList(_ node: Node?, field: String, example: String) -> [Located<String>]? {
        guard let values = stringList(node, field: field), let node else { return nil }
        if values.isEmpty, case .sequence(let sequence) = node, sequence.isEmpty {
            report(.error(.missingField, "'\(field)' is empty", at: location(of: node), hint: "name at least one, e.g. \(field): \(example)"))
        }
        return values
    }

    mutating func stringList(_ node: Node?, field: String) -> [Located<String>]? {
        guard let items = list(node, field: field) else { return nil }
        return items.compactMap { string($0, field: field) }
    }

    // MARK: Errors

    func wrongType(_ node: Node, expected: String, for what: String) -> Diagnostic {
        let found: String
        switch node {
        case .mapping: found = "a mapping"
        case .sequence: found = "a list"
        case .scalar(let scalar): found = scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .alias: found = "an alias"
        }
        return .error(.wrongType, "expected \(expected) for \(what), found \(found)", at: location(of: node),
                      hint: "see the content format in README.md")
    }
}

extension Node {
    /// An explicit or implicit YAML null (`~`, `null`, or nothing after the colon).
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
