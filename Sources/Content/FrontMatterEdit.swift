public import Model
internal import Yams

/// Edits an incident's or maintenance window's front matter as text, at the place each change
/// belongs: a new update goes after the last one, in the list's own indentation and style; an
/// impact changes only the value it changes. Everything else (comments, quoting, key order, blank
/// lines, the Markdown body) stays byte for byte, so the pull request shows one change an
/// operator can read, and nothing is re-serialised.
///
/// Positions come from Yams' marks (1-based lines, columns in Unicode scalars). An edit this
/// cannot place safely (a front matter written as one flow mapping, `updates` as a flow list) is
/// refused with what to change by hand, never guessed at.
public struct FrontMatterEdit: Sendable {
    public private(set) var text: String
    public let path: String

    /// The file's lines without their line ends, and the end they used (CRLF files stay CRLF).
    private var lines: [String]
    private let lineEnd: String
    /// Index in `lines` of the first YAML line and of the closing `---` line.
    private let yamlStart: Int
    private var yamlEnd: Int

    /// A refusal: what stops the edit and what to do instead.
    public struct Refusal: Error, Sendable, Equatable {
        public var message: String
        public var hint: String
    }

    public init(text: String, path: String) throws(Refusal) {
        self.text = text
        self.path = path
        lineEnd = text.contains("\r\n") ? "\r\n" : "\n"
        let lines = text.split(separator: lineEnd, omittingEmptySubsequences: false).map(String.init)
        self.lines = lines
        guard lines.first?.trimmingTrailingBlanks == "---",
              let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingBlanks == "---" }) else {
            throw Refusal(message: "the file has no front matter between two '---' lines",
                          hint: "run `canton-status validate` and fix the file first")
        }
        yamlStart = 1
        yamlEnd = close
    }

    // MARK: Edits

    /// Appends an update (`at`, `status`, `text`) after the last one, or adds `updates:` when the
    /// file has none yet.
    public mutating func appendUpdate(at time: Timestamp, status: String, text: String) throws(Refusal) {
        let root = try rootMapping()
        guard let (key, value) = root.first(where: { $0.key.string == "updates" }) else {
            let block = ["updates:"] + Self.updateItem(dash: "  - ", keyIndent: 4, at: time, status: status, text: text)
            insert(block, before: yamlEnd)
            return
        }
        guard case .sequence(let sequence) = value, let last = sequence.last,
              let sequenceMark = sequence.mark, !opens(at: sequenceMark, with: "["), let itemMark = last.mark else {
            throw Refusal(message: "'updates' is not written as a block list (one '- at:' line per update)",
                          hint: "write each update as its own '- at: …' item under 'updates:', then run this again")
        }
        let dashColumn = sequenceMark.column - 1
        let end = endOfValue(after: key, in: root, indentBelow: dashColumn)
        switch last {
        case .mapping where opens(at: itemMark, with: "{"):
            let item = "{at: \(time), status: \(status), text: \(YAMLQuoting.quoted(text))}"
            insert([String(repeating: " ", count: dashColumn) + "- " + item], before: end)
        case .mapping:
            let keyColumn = itemMark.column - 1
            guard keyColumn > dashColumn else {
                throw Refusal(message: "the last update's keys do not line up after its '-'",
                              hint: "indent each update's keys past its '-', as in '  - at: …', then run this again")
            }
            let dash = String(repeating: " ", count: dashColumn) + "-" + String(repeating: " ", count: keyColumn - dashColumn - 1)
            insert(Self.updateItem(dash: dash, keyIndent: keyColumn, at: time, status: status, text: text), before: end)
        default:
            throw Refusal(message: "the last item of 'updates' is not a mapping of 'at', 'status' and 'text'",
                          hint: "run `canton-status validate` and fix the file first")
        }
    }

    /// Sets `component`'s state in the incident's `impact`: the value in place when it is there,
    /// a new entry in the mapping's style when not, and an `impact:` line when there is none.
    public mutating func setImpact(_ component: String, to state: String) throws(Refusal) {
        let root = try rootMapping()
        guard let (key, value) = root.first(where: { $0.key.string == "impact" }) else {
            let before = root.first { $0.key.string == "updates" }.flatMap { $0.key.mark }.map { yamlStart + $0.line - 1 } ?? yamlEnd
            insert(["impact: {\(component): \(state)}"], before: before)
            return
        }
        guard case .mapping(let mapping) = value, let mark = mapping.mark else {
            throw Refusal(message: "'impact' is not a mapping of component ids to states",
                          hint: "write it as impact: {\(component): \(state)} and run this again")
        }
        if let existing = mapping.first(where: { $0.key.string == component })?.value {
            guard case .scalar(let scalar) = existing, let valueMark = scalar.mark else {
                throw Refusal(message: "the impact on '\(component)' is not a single state",
                              hint: "write it as \(component): \(state) and run this again")
            }
            try replaceScalar(at: valueMark, with: state)
        } else if opens(at: mark, with: "{") {
            try insertIntoFlowMapping(at: mark, entry: "\(component): \(state)", isEmpty: mapping.isEmpty)
        } else {
            let indent = mark.column - 1
            let end = endOfValue(after: key, in: root, indentBelow: indent)
            insert([String(repeating: " ", count: indent) + "\(component): \(state)"], before: end)
        }
    }

    // MARK: Reading positions

    private func rootMapping() throws(Refusal) -> Node.Mapping {
        let yaml = lines[yamlStart..<yamlEnd].joined(separator: "\n") + "\n"
        guard case .success(let node) = YAMLDocument.parse(yaml, path: path, lineOffset: yamlStart),
              case .mapping(let mapping)? = node else {
            throw Refusal(message: "the front matter does not parse as a YAML mapping",
                          hint: "run `canton-status validate` and fix the file first")
        }
        guard let mark = mapping.mark, !opens(at: mark, with: "{") else {
            throw Refusal(message: "the front matter is written as one flow mapping ('{…}')",
                          hint: "write one key per line (title:, updates:, …), then run this again")
        }
        return mapping
    }

    /// Whether the node marked at `mark` is written in flow style (`{…}`, `[…]`): its first
    /// character is the bracket. (Yams reports a node's style from its end event, which libyaml
    /// leaves unset, so the text is read instead.)
    private func opens(at mark: Mark, with bracket: Unicode.Scalar) -> Bool {
        let index = yamlStart + mark.line - 1
        guard index < lines.count else { return false }
        let scalars = Array(lines[index].unicodeScalars)
        return mark.column - 1 < scalars.count && scalars[mark.column - 1] == bracket
    }

    /// The line index before which a value that follows `key` ends: past its last line that is
    /// not blank and not a comment indented less than the value (such a comment introduces the
    /// next key; at column 1 it always does), and before the next key of `root`.
    private func endOfValue(after key: Node, in root: Node.Mapping, indentBelow indent: Int) -> Int {
        let keyLine = key.mark?.line ?? 1
        let nextKeyLine = root.keys.compactMap { $0.mark?.line }.filter { $0 > keyLine }.min()
        var end = nextKeyLine.map { yamlStart + $0 - 1 } ?? yamlEnd
        while end > yamlStart + keyLine - 1 + 1 {
            let line = lines[end - 1]
            let content = line.drop { $0 == " " }
            let leading = line.count - content.count
            if content.allSatisfy(\.isWhitespace) || (content.hasPrefix("#") && leading < max(indent, 1)) {
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    /// Replaces the one-line scalar at `mark` (plain or quoted, told by its first character).
    private mutating func replaceScalar(at mark: Mark, with replacement: String) throws(Refusal) {
        let index = yamlStart + mark.line - 1
        var scalars = Array(lines[index].unicodeScalars)
        let start = mark.column - 1
        guard start < scalars.count else {
            throw Refusal(message: "the impact's value is not where the YAML says", hint: "run `canton-status validate` and fix the file first")
        }
        var end = start
        switch scalars[start] {
        case "\"", "'":
            let quote = scalars[start]
            end = start + 1
            while end < scalars.count, scalars[end] != quote || (quote == "\"" && scalars[end - 1] == "\\") { end += 1 }
            guard end < scalars.count else {
                throw Refusal(message: "the impact's value spans lines", hint: "write it on one line, then run this again")
            }
            end += 1
        case "|", ">":
            throw Refusal(message: "the impact's value is a block scalar", hint: "write it on one line, then run this again")
        default:
            while end < scalars.count, Self.isIdentifierScalar(scalars[end]) { end += 1 }
        }
        scalars.replaceSubrange(start..<end, with: replacement.unicodeScalars)
        lines[index] = String(String.UnicodeScalarView(scalars))
        rejoin()
    }

    /// Adds `entry` before the `}` that closes the flow mapping opening at `mark`.
    private mutating func insertIntoFlowMapping(at mark: Mark, entry: String, isEmpty: Bool) throws(Refusal) {
        var lineIndex = yamlStart + mark.line - 1
        var column = mark.column - 1
        var depth = 0
        var quote: Unicode.Scalar?
        while lineIndex < yamlEnd {
            var scalars = Array(lines[lineIndex].unicodeScalars)
            while column < scalars.count {
                let scalar = scalars[column]
                if let open = quote {
                    if scalar == open, !(open == "\"" && column > 0 && scalars[column - 1] == "\\") { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == "#", column == 0 || scalars[column - 1] == " " {
                    break  // a comment runs to the end of the line
                } else if scalar == "{" || scalar == "[" {
                    depth += 1
                } else if scalar == "}" || scalar == "]" {
                    depth -= 1
                    if depth == 0 {
                        var before = column
                        while before > 0, scalars[before - 1] == " " { before -= 1 }
                        let addition = (isEmpty ? "" : ", ") + entry
                        scalars.insert(contentsOf: addition.unicodeScalars, at: before)
                        lines[lineIndex] = String(String.UnicodeScalarView(scalars))
                        rejoin()
                        return
                    }
                }
                column += 1
            }
            lineIndex += 1
            column = 0
        }
        throw Refusal(message: "the 'impact' mapping is never closed", hint: "run `canton-status validate` and fix the file first")
    }

    // MARK: Writing

    private static func updateItem(dash: String, keyIndent: Int, at time: Timestamp, status: String, text: String) -> [String] {
        let indent = String(repeating: " ", count: keyIndent)
        return ["\(dash)at: \(time)", "\(indent)status: \(status)"] + textLines(text, indent: indent)
    }

    /// `text:` as a literal block when it has several lines that a block can hold unchanged,
    /// otherwise as a double-quoted scalar (which can hold anything).
    private static func textLines(_ text: String, indent: String) -> [String] {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blockSafe = parts.count > 1 && !text.hasSuffix("\n") && !(parts.first?.first?.isWhitespace ?? true)
            && !parts.contains { !$0.isEmpty && $0.allSatisfy(\.isWhitespace) }
            && !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || $0.properties.generalCategory == .format }
        guard blockSafe else { return ["\(indent)text: \(YAMLQuoting.quoted(text))"] }
        return ["\(indent)text: |-"] + parts.map { $0.isEmpty ? "" : "\(indent)  \($0)" }
    }

    private mutating func insert(_ newLines: [String], before index: Int) {
        lines.insert(contentsOf: newLines, at: index)
        if index <= yamlEnd { yamlEnd += newLines.count }
        rejoin()
    }

    private mutating func rejoin() {
        text = lines.joined(separator: lineEnd)
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }
}

private extension String {
    var trimmingTrailingBlanks: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" || self[index(before: end)] == "\r" {
            end = index(before: end)
        }
        return self[..<end]
    }
}
