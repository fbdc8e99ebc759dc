internal import Mustache
public import Model
public import Content

/// The Mustache templates and stylesheet in `site-template/`, loaded and parsed once per build.
///
/// Operators may restyle the page by editing these files; a template that does not parse is reported
/// like any content problem, with its file, line and column.
public struct SiteTemplates: Sendable {
    public static let directory = "site-template"
    /// Templates every build needs; a missing one is reported before anything is rendered.
    static let required = ["head", "footer", "chrome-head", "chrome-header", "chrome-footer", "banner", "components", "notices", "incident-row", "sla-cell", "overview", "state",
                           "environment", "component", "incident", "maintenance", "history", "sla", "subscribe", "404"]

    let library: MustacheLibrary
    public let stylesheet: [UInt8]

    /// Loads every `*.mustache` and `style.css`; `diagnostics` explains what is missing or broken.
    public static func load(from fileSystem: some ContentFileSystem) throws(EnvironmentError) -> (SiteTemplates?, [Diagnostic]) {
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        var names: Set<String> = []
        for entry in try fileSystem.entries(in: directory) where entry.kind == .file && entry.name.hasSuffix(".mustache") {
            let path = "\(directory)/\(entry.name)"
            let name = String(entry.name.dropLast(".mustache".count))
            guard case .bytes(let bytes) = try fileSystem.read(path), let text = String(validating: bytes, as: UTF8.self) else {
                diagnostics.append(.error(.templateSyntax, "template is not readable UTF-8 text", at: SourceLocation(path: path, line: 1, column: 1)))
                continue
            }
            do {
                try library.register(escapingPragma + text, named: name)
                names.insert(name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(.error(
                    .templateSyntax, "template does not parse: \(error.error)",
                    at: SourceLocation(path: path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber + 1),
                    hint: "check that every {{#section}} has its {{/section}} and every tag is closed"))
            } catch {
                diagnostics.append(.error(.templateSyntax, "template does not parse: \(error)", at: SourceLocation(path: path, line: 1, column: 1)))
            }
        }
        for name in required where !names.contains(name) && !diagnostics.contains(where: { $0.location?.path == "\(directory)/\(name).mustache" }) {
            diagnostics.append(.error(.templateSyntax, "template '\(name).mustache' is missing",
                                      at: SourceLocation(path: "\(directory)/\(name).mustache", line: 1, column: 1),
                                      hint: "restore it from the canton-status repository"))
        }
        var stylesheet: [UInt8] = []
        if case .bytes(let bytes) = try fileSystem.read("\(directory)/style.css") {
            stylesheet = bytes
            diagnostics += barColourWarnings(bytes, path: "\(directory)/style.css")
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (SiteTemplates(library: library, stylesheet: stylesheet), diagnostics)
    }

    /// The bar's marks take their colour from their state's group (`.bar .d-major-outage`). A rule
    /// on the marks themselves, `.bar path { stroke: … }` as stylesheets had before the groups,
    /// outranks the group and draws an outage in the operational colour: a status page showing
    /// green during an outage. Warned, not refused, since a fork may mean it.
    static func barColourWarnings(_ bytes: [UInt8], path: String) -> [Diagnostic] {
        // Offsets are counted in the decoded text, which a byte that is not UTF-8 would lengthen.
        let stylesheet = String(decoding: bytes, as: UTF8.self)
        return stylesheet.matches(of: /\.bar\s+path\s*[{,]/).map { match in
            let offset = stylesheet.utf8.distance(from: stylesheet.startIndex, to: match.range.lowerBound)
            return .warning(.barColours, "'.bar path' gives every mark of the 90-day bar the same colour, so outages show as operational",
                            at: ContentBytes.location(ofByte: offset, in: Array(stylesheet.utf8), path: path),
                            hint: "set the operational colour on '.bar' and each state's on '.bar .d-<state>', as site-template/style.css does")
        }
    }

    /// Every template starts with this standalone line, so its `{{…}}` write values as they are:
    /// they were escaped when they entered the context (see `TemplateRepresentable`). A standalone
    /// tag line renders as nothing, and parse errors are reported one line up.
    private static let escapingPragma = "{{% CONTENT_TYPE: TEXT }}\n"

    /// `template` rendered with `context`.
    func render(_ template: String, _ context: TemplateNode) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    /// `template` rendered as a part other templates place as it is (a state badge, the shared page
    /// parts): the file's final newline is dropped, since the including line ends the part and a
    /// second newline would show as a space or a blank line.
    func renderPart(_ template: String, _ context: TemplateNode) -> SafeHTML {
        var text = render(template, context)
        if text.hasSuffix("\n") { text.removeLast() }
        return SafeHTML(text)
    }
}
