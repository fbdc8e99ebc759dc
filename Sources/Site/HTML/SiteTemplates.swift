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
    static let required = ["head", "footer", "chrome-head", "chrome-header", "chrome-footer", "banner", "components", "notices", "incident-row", "overview", "state",
                           "environment", "component", "incident", "maintenance", "history", "sla", "404"]

    let library: MustacheLibrary
    public let stylesheet: [UInt8]

    /// Loads every `*.mustache` and `style.css`; `diagnostics` explains what is missing or broken.
    public static func load(from fileSystem: some ContentFileSystem) throws(EnvironmentError) -> (SiteTemplates?, [Diagnostic]) {
        _ = registerEscaping
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

    /// Every template starts with this standalone line, so its `{{…}}` escape with `HTMLEscaping`;
    /// a standalone tag line renders as nothing, and parse errors are reported one line up.
    private static let escapingPragma = "{{% CONTENT_TYPE: \(HTMLEscaping.contentTypeName) }}\n"

    /// Registered once per process, before the first template that names it is parsed.
    private static let registerEscaping: Void = MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.contentTypeName)

    func render(_ template: String, _ context: [String: Any]) -> String {
        render(template, context, adding: [:])
    }

    /// `context` with `fields` added (a page's title, root and shared parts), converted into one
    /// node in one pass rather than copied once to add the fields and again to convert them.
    func render(_ template: String, _ context: [String: Any], adding fields: KeyValuePairs<String, Any>) -> String {
        var values: [String: Any] = [:]
        values.reserveCapacity(context.count + fields.count)
        for (key, value) in context { values[key] = Self.node(value) }
        for (key, value) in fields { values[key] = Self.node(value) }
        return library.render(TemplateNode(values), withTemplate: template) ?? ""
    }

    /// `template` rendered as a part other templates place with `{{{…}}}` (a state badge, the
    /// shared page parts): the file's final newline is dropped, since the including line ends the
    /// part and a second newline would show as a space or a blank line.
    func renderPart(_ template: String, _ context: [String: Any]) -> String {
        var text = render(template, context)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Converts a page context into `TemplateNode`s and `TemplateText`s, dropping `nil` optionals;
    /// nodes built ahead (a state's words and icon, a time) pass through as they are. They are
    /// recognised by the `TemplateValue` protocol: a cast of a dictionary to a class would first try
    /// to bridge it, which costs more than all the other cases together.
    ///
    /// Mustache treats an `Optional.none` boxed in `Any` as a present value, so `{{#resolved}}` would
    /// open for an unresolved incident and print nothing; dropped keys read as absent. The typed
    /// values also spare the renderer its chain of dynamic casts on every lookup, which dominates a
    /// build of ten thousand pages.
    static func node(_ value: Any) -> Any? {
        switch value {
        case let text as String: return TemplateText(text)
        case let ready as any TemplateValue: return ready
        case let dictionary as [String: Any]: return TemplateNode(dictionary.compactMapValues { node($0) })
        case let array as [[String: Any]]: return array.compactMap { node($0) }
        case let array as [String]: return array.map { TemplateText($0) }
        case let optional as any OptionalValue:
            guard let wrapped = optional.wrappedValue else { return nil }
            return node(wrapped)
        default: return value
        }
    }
}

/// A context object: looked up by name without reflection. Immutable once built, so the ones shared
/// by every page (a state's words and icon) are built once; `@unchecked Sendable` because its values
/// are other template values, never anything mutable.
struct TemplateNode: TemplateValue, MustacheParent, @unchecked Sendable {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }

    /// A node built in one pass, for the contexts a build makes thousands of (an incident page, an
    /// incident row): strings become `TemplateText`, ready values stay, `nil`s are left out, and
    /// nothing is converted again by `SiteTemplates.node`.
    init(fields: KeyValuePairs<String, Any?>) {
        var values: [String: Any] = [:]
        values.reserveCapacity(fields.count)
        for (key, value) in fields {
            switch value {
            case let text as String: values[key] = TemplateText(text)
            case let value?: values[key] = value
            case nil: break
            }
        }
        self.values = values
    }

    /// This node with `key` set to `value`.
    func adding(_ key: String, _ value: any TemplateValue) -> TemplateNode {
        var values = values
        values[key] = value
        return TemplateNode(values)
    }

    func child(named name: String) -> Any? { values[name] }
}

/// A string in a context, recognised by the renderer on its first cast instead of its last.
///
/// It is also a parent without children: a `{{#summary}}…{{/summary}}` section puts the string on
/// the context stack, and every lookup inside it would otherwise reflect on it with `Mirror` before
/// climbing past it.
struct TemplateText: TemplateValue, MustacheCustomRenderable, MustacheParent {
    let renderText: String
    init(_ text: String) { renderText = text }
    var isNull: Bool { false }
    func child(named name: String) -> Any? { nil }
}

/// A time as a `<time datetime>` element, written only when a template places it: most times on a
/// page are shown this way, some only by their parts.
struct TimeElement: TemplateValue, MustacheCustomRenderable, MustacheParent {
    let iso: String
    let text: String
    var renderText: String { "<time datetime=\"\(iso)\">\(text)</time>" }
    var isNull: Bool { false }
    func child(named name: String) -> Any? { nil }
}

/// What `SiteTemplates.node` passes through unchanged.
protocol TemplateValue {}

/// A list of ready nodes (an incident's updates) passes through whole.
extension Array: TemplateValue where Element == TemplateNode {}

/// Lets `node` look inside an optional whose type it does not know.
protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedValue: Any? { map { $0 as Any } }
}
