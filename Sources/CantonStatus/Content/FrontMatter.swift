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
    public static func split(_ source: SourceText) -> Result<FrontMatter, Diagnostic> {
        let text = source.text
        let start = SourceLocation(path: source.path, line: 1, column: 1)
        guard text.contains(where: { !$0.isWhitespace }) else {
            return .failure(.error(
                .emptyFile, "file is empty", at: start,
                hint: "start with a '---' line, the YAML front matter (title, updates…), a closing '---', then Markdown; `canton-status new` writes a valid file"))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, isDelimiter(first) else {
            return .failure(.error(
                .frontMatter, "file does not start with a '---' front-matter line", at: start,
                hint: "put '---' on the first line, the YAML fields after it, and a closing '---' before the Markdown text"))
        }
        lines = lines.dropFirst()
        var yamlLines: [Substring] = []
        while let line = lines.first, !isDelimiter(line) {
            yamlLines.append(line)
            lines = lines.dropFirst()
        }
        guard !lines.isEmpty else {
            return .failure(.error(
                .frontMatter, "front matter is not closed: no second '---' line", at: start,
                hint: "add a line with only '---' after the last YAML field"))
        }
        lines = lines.dropFirst()
        let bodyOffset = 1 + yamlLines.count + 1
        return .success(FrontMatter(
            yaml: yamlLines.joined(separator: "\n") + "\n",
            yamlLineOffset: 1,
            body: lines.joined(separator: "\n"),
            bodyLineOffset: bodyOffset))
    }

    private static func isDelimiter(_ line: Substring) -> Bool {
        line.utf8.count >= 3 && line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
