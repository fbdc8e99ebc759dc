public import Model

/// Splits an incident or maintenance file into its YAML front matter and its Markdown body.
///
/// This is the one place that knows where the YAML starts inside the file: `yamlLineOffset` is added
/// to every line Yams reports, and `bodyLineOffset` to every line cmark reports.
public struct FrontMatter: Sendable {
    public var yaml: String
    /// Lines before the first YAML line (the opening `---` line), to add to Yams' 1-based lines.
    public var yamlLineOffset: Int
    public var body: String
    /// Lines before the first body line.
    public var bodyLineOffset: Int

    /// Splits `source`, or returns a diagnostic saying what is missing.
    ///
    /// Works on UTF-8 bytes: `---` lines are ASCII, and this runs once per content file.
    public static func split(_ source: SourceText) -> Result<FrontMatter, Diagnostic> {
        let text = source.text
        let start = SourceLocation(path: source.path, line: 1, column: 1)
        guard text.utf8.contains(where: { !(Character(Unicode.Scalar($0)).isWhitespace) || $0 >= 0x80 }) else {
            return .failure(.error(
                .emptyFile, "file is empty", at: start,
                hint: "start with a '---' line, the YAML front matter (title, updates…), a closing '---', then Markdown, as the other files in the folder do"))
        }
        let bytes = text.utf8
        guard let firstEnd = lineEnd(in: bytes, from: bytes.startIndex), isDelimiter(bytes[bytes.startIndex..<firstEnd]) else {
            return .failure(.error(
                .frontMatter, "file does not start with a '---' front-matter line", at: start,
                hint: "put '---' on the first line, the YAML fields after it, and a closing '---' before the Markdown text"))
        }
        var lineStart = next(after: firstEnd, in: bytes)
        let yamlStart = lineStart
        var yamlLines = 0
        while lineStart < bytes.endIndex {
            let end = lineEnd(in: bytes, from: lineStart) ?? bytes.endIndex
            if isDelimiter(bytes[lineStart..<end]) {
                let bodyStart = next(after: end, in: bytes)
                return .success(FrontMatter(
                    yaml: String(text[yamlStart..<lineStart]),
                    yamlLineOffset: 1,
                    body: String(text[bodyStart...]),
                    bodyLineOffset: 1 + yamlLines + 1))
            }
            yamlLines += 1
            lineStart = next(after: end, in: bytes)
        }
        return .failure(.error(
            .frontMatter, "front matter is not closed: no second '---' line", at: start,
            hint: "add a line with only '---' after the last YAML field"))
    }

    private static func lineEnd(in bytes: String.UTF8View, from start: String.Index) -> String.Index? {
        guard start < bytes.endIndex else { return nil }
        return bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
    }

    private static func next(after lineEnd: String.Index, in bytes: String.UTF8View) -> String.Index {
        lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : bytes.endIndex
    }

    /// `---` followed only by spaces or tabs.
    private static func isDelimiter(_ line: Substring.UTF8View) -> Bool {
        let dash = UInt8(ascii: "-")
        guard line.count >= 3, line.prefix(3).allSatisfy({ $0 == dash }) else { return false }
        return line.dropFirst(3).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
