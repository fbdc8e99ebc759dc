internal import Foundation
public import Yams
public import Model

/// Parses the YAML of a content file with Yams and turns every failure into one clear diagnostic.
///
/// Yams reports 1-based lines and columns relative to the YAML text; `lineOffset` shifts them to the
/// file (front matter starts on line 2). Two checks run before Yams sees the text, because libyaml's
/// own messages for them are cryptic or its behaviour is unsafe:
/// - tabs in indentation ("found character that cannot start any token"),
/// - an alias used as a mapping key, which makes Yams hash the whole aliased tree while checking
///   for duplicate keys: with nested aliases ("billion laughs") that never ends.
package enum YAMLDocument {
    package static func parse(_ yaml: String, path: String, lineOffset: Int) -> Result<Node?, Diagnostic> {
        func location(line: Int, column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line + lineOffset, column: column)
        }
        let yaml = withoutUnicodeLineBreaks(yaml)
        if let (line, column) = firstTabInIndentation(yaml) {
            return .failure(.error(
                .tabIndent, "tab character used for indentation", at: location(line: line, column: column),
                hint: "YAML indentation must use spaces; replace the tab with spaces"))
        }
        if let (line, column) = firstAliasKey(yaml) {
            return .failure(.error(
                .yamlAlias, "an alias ('*name') cannot be used as a mapping key", at: location(line: line, column: column),
                hint: "write the key out in full; aliases may only stand for values"))
        }
        do {
            // The basic resolver skips Yams' regex-based tag detection: every scalar is read as text
            // by `NodeReader` anyway. An explicit encoding keeps Yams from reading the whole process
            // environment (`Parser.Encoding.default`) on every parse, a tenth of validation time.
            return .success(try Yams.compose(yaml: yaml, .basic, .default, .utf8))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, yaml: yaml, location: location))
        } catch {
            return .failure(.error(.yamlSyntax, "could not parse YAML: \(error)", at: location(line: 1, column: 1)))
        }
    }

    private static func diagnostic(
        for error: YamlError, yaml: String, location: (Int, Int) -> SourceLocation
    ) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            if problem.contains("Maximum nesting level") {
                return .error(.yamlSyntax, "YAML is nested too deeply", at: location(mark.line, mark.column),
                              hint: "content needs a few levels of nesting at most; look for runaway brackets or indentation")
            }
            // A construct left open until the end (a quote, a bracket) is best shown where it opened.
            if problem.contains("unexpected end of stream"), let context, context.mark.line >= 1 {
                return .error(.yamlSyntax, "\(context.text.isEmpty ? "construct" : context.text.replacingOccurrences(of: "while scanning ", with: "")) is never closed",
                              at: location(context.mark.line, context.mark.column), hint: syntaxHint(for: problem))
            }
            var message = problem
            if let context, !context.text.isEmpty {
                message += " (\(context.text) that starts at line \(location(context.mark.line, 1).line))"
            }
            return .error(.yamlSyntax, message, at: location(mark.line, mark.column), hint: syntaxHint(for: problem))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let first = location(context.mark.line, context.mark.column)
            let second = secondOccurrence(ofKey: key, after: context.mark, in: yaml)
                .map { location($0.line, $0.column) }
            return .error(
                .duplicateKey, "key '\(key)' appears twice in the same mapping", at: second ?? first,
                hint: "keep one '\(key)' and delete or merge the other",
                notes: second == nil ? [] : [.init("first '\(key)' is here", at: first)])
        case let .reader(problem, offset, _, _):
            let mark = offset.map { byteOffsetPosition($0, in: yaml) } ?? (line: 1, column: 1)
            return .error(.encoding, problem, at: location(mark.line, mark.column), hint: "save the file as UTF-8 text")
        default:
            return .error(.yamlSyntax, "could not parse YAML: \(error)", at: location(1, 1))
        }
    }

    private static func syntaxHint(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, e.g. text: \"Cause: a full disk\""
        }
        if problem.contains("could not find expected ':'") {
            return "each line of a mapping needs 'key: value'; check the indentation and quotes of the line above"
        }
        if problem.contains("did not find expected key") || problem.contains("block end") {
            return "check the indentation: items of one list or mapping must start in the same column"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("found unknown escape") {
            return "check that every quote is closed and that backslashes in double quotes are doubled"
        }
        if problem.contains("undefined alias") {
            return "define the anchor ('&name') before using the alias ('*name'), or write the value out"
        }
        return "check the YAML syntax at this position; quoting the value often helps"
    }

    /// libyaml counts U+0085, U+2028 and U+2029 as line breaks; editors and GitHub do not, so every
    /// position after one (pasted from a web page, usually) would be off. Each becomes a space: one
    /// scalar for one, so columns stay right, and in a title or text a space is what was meant.
    static func withoutUnicodeLineBreaks(_ yaml: String) -> String {
        // U+0085 is C2 85 in UTF-8, U+2028 and U+2029 start with E2: text without those lead bytes has none.
        guard yaml.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 }),
              yaml.unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return yaml }
        var scalars = String.UnicodeScalarView()
        for scalar in yaml.unicodeScalars {
            scalars.append(scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar)
        }
        return String(scalars)
    }

    /// 1-based line and column of the first tab that appears in a line's leading whitespace, outside
    /// block scalars' text (where a tab is content, not indentation, it is still refused: YAML forbids
    /// tabs as indentation everywhere and editors rarely show the difference).
    static func firstTabInIndentation(_ yaml: String) -> (Int, Int)? {
        guard yaml.utf8.contains(UInt8(ascii: "\t")) else { return nil }
        var line = 1
        var column = 1
        var inIndentation = true
        for scalar in yaml.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
                inIndentation = true
                continue
            }
            if inIndentation {
                if scalar == "\t" { return (line, column) }
                if scalar != " " { inIndentation = false }
            }
            column += 1
        }
        return nil
    }

    /// The position of an alias token used as a mapping key (`*a: x`, `? *a`, `{*a : x}`), but only
    /// when the text defines an anchor at all, so Markdown emphasis in ordinary text is never mistaken
    /// for an alias.
    static func firstAliasKey(_ yaml: String) -> (Int, Int)? {
        guard yaml.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var lineNumber = 0
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(line.unicodeScalars)
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                let previous: Unicode.Scalar = index == 0 ? " " : scalars[index - 1]
                if scalar == "*", " \t[{,?-".unicodeScalars.contains(previous) {
                    var end = index + 1
                    while end < scalars.count, !" \t[]{},".unicodeScalars.contains(scalars[end]) { end += 1 }
                    let name = scalars[(index + 1)..<end]
                    var after = end
                    while after < scalars.count, scalars[after] == " " { after += 1 }
                    let keyByColon = after < scalars.count && scalars[after] == ":"
                        && (after + 1 == scalars.count || " \t".unicodeScalars.contains(scalars[after + 1]))
                    let explicitKey = index >= 2 && scalars[index - 2] == "?" && previous == " "
                    if !name.isEmpty, name.first != "*", keyByColon || explicitKey {
                        return (lineNumber, index + 1)
                    }
                    index = end
                    continue
                }
                index += 1
            }
        }
        return nil
    }

    /// Yams reports a duplicate key at its first occurrence; operators usually just added the second.
    /// Looks for the same key again after the first: in a block mapping at the same column of a later
    /// line, in a flow mapping (`{a: 1, a: 2}`) after a `,` on the same line.
    static func secondOccurrence(ofKey key: String, after mark: Mark, in yaml: String) -> (line: Int, column: Int)? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let keyScalars = Array(key.unicodeScalars)
        let spellings = [keyScalars, Array("\"\(key)\"".unicodeScalars), Array("'\(key)'".unicodeScalars)]
        /// The column after `key` (any spelling) at `index` when a `:` follows it, else nil.
        func keyAt(_ line: [Unicode.Scalar], _ index: Int) -> Bool {
            for spelling in spellings where index + spelling.count <= line.count
                && Array(line[index..<(index + spelling.count)]) == spelling {
                var after = index + spelling.count
                while after < line.count, line[after] == " " { after += 1 }
                if after < line.count, line[after] == ":" { return true }
            }
            return false
        }
        let firstLine = lines[mark.line - 1]
        let firstIndex = mark.column - 1
        var before = firstIndex - 1
        while before >= 0, firstLine[before] == " " { before -= 1 }
        let inFlow = before >= 0 && (firstLine[before] == "{" || firstLine[before] == ",")
        if inFlow {
            var index = firstIndex + 1
            while index < firstLine.count {
                if firstLine[index] == "," {
                    var start = index + 1
                    while start < firstLine.count, firstLine[start] == " " { start += 1 }
                    if keyAt(firstLine, start) { return (mark.line, start + 1) }
                }
                index += 1
            }
            return nil
        }
        for lineIndex in mark.line..<lines.count {
            let line = lines[lineIndex]
            var index = firstIndex
            if index < line.count, line.prefix(index).allSatisfy({ $0 == " " || $0 == "-" }), keyAt(line, index) {
                return (lineIndex + 1, index + 1)
            }
            index += 1
        }
        return nil
    }

    private static func byteOffsetPosition(_ offset: Int, in yaml: String) -> (line: Int, column: Int) {
        let bytes = Array(yaml.utf8.prefix(offset))
        let location = ContentBytes.location(ofByte: bytes.count, in: bytes, path: "")
        return (location.line, location.column)
    }
}
