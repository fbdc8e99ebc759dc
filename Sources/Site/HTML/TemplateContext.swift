internal import Mustache

/// A value a page context may hold: text, safe HTML made here, a flag, a count, a node, a list of
/// them, or an optional one. Contexts are built only from these, so a value no template can show
/// does not compile, and the renderer never tries a chain of casts to find out what it was given.
///
/// The one escaping rule lives here: a `String` is escaped when it enters a context, and only
/// `SafeHTML` enters as it is. Templates render every value with the `TEXT` content type, so what
/// a template shows no longer depends on whether it wrote `{{name}}` or `{{{name}}}`: a fork that
/// triple-braces a title still gets it escaped.
protocol TemplateRepresentable {
    /// The form the renderer reads, or `nil` to leave the key out: Mustache treats an
    /// `Optional.none` boxed in `Any` as present, so `{{#resolved}}` would open for an unresolved
    /// incident.
    var templateValue: Any? { get }
}

extension String: TemplateRepresentable {
    var templateValue: Any? { TemplateText(escaping: self) }
}

extension Bool: TemplateRepresentable {
    var templateValue: Any? { self }
}

extension Int: TemplateRepresentable {
    var templateValue: Any? { self }
}

extension Optional: TemplateRepresentable where Wrapped: TemplateRepresentable {
    var templateValue: Any? { self?.templateValue }
}

extension Array: TemplateRepresentable where Element: TemplateRepresentable {
    var templateValue: Any? { compactMap(\.templateValue) }
}

/// HTML this module wrote itself: icons, bars, charts, rendered parts and the safe output of
/// `MarkdownDocument`. The only value a template shows without escaping; content text never
/// becomes one.
struct SafeHTML: TemplateRepresentable {
    let markup: String
    init(_ markup: String) { self.markup = markup }
    var templateValue: Any? { TemplateText(markup: self) }
}

/// A context object: looked up by name without reflection. Built from a dictionary literal of
/// `TemplateRepresentable` values, converted once as they are added. `@unchecked Sendable` because
/// its values are other template values, never anything mutable; the nodes every page shares (a
/// state's words and icon, the shared page parts) are built once per build.
struct TemplateNode: TemplateRepresentable, ExpressibleByDictionaryLiteral, MustacheParent, @unchecked Sendable {
    private var values: [String: Any]

    init(dictionaryLiteral fields: (String, (any TemplateRepresentable)?)...) {
        values = [:]
        values.reserveCapacity(fields.count)
        for (key, value) in fields { set(key, value) }
    }

    /// Sets `key`, or removes it when `value` is `nil` or converts to nothing.
    mutating func set(_ key: String, _ value: (any TemplateRepresentable)?) {
        values[key] = value?.templateValue
    }

    /// This node with `key` set to `value`.
    func adding(_ key: String, _ value: (any TemplateRepresentable)?) -> TemplateNode {
        var node = self
        node.set(key, value)
        return node
    }

    /// Adds the fields of `other` this node does not have yet.
    mutating func merge(_ other: TemplateNode) {
        values.merge(other.values) { current, _ in current }
    }

    var templateValue: Any? { self }
    func child(named name: String) -> Any? { values[name] }
}

/// Ready text in a context: content escaped once, or safe HTML as it is. Recognised by the renderer
/// on its first cast instead of its last.
///
/// It is also a parent without children: a `{{#summary}}…{{/summary}}` section puts it on the
/// context stack, and every lookup inside would otherwise reflect on it with `Mirror` before
/// climbing past it.
struct TemplateText: MustacheCustomRenderable, MustacheParent {
    let renderText: String
    init(escaping text: String) { renderText = HTMLEscaping.escaped(text) }
    init(markup: SafeHTML) { renderText = markup.markup }
    var isNull: Bool { false }
    func child(named name: String) -> Any? { nil }
}

/// A time as a `<time datetime>` element, written only when a template places it: most times on a
/// page are shown this way, some only by their parts. Both parts are digits, ASCII letters and
/// punctuation made here, never content.
struct TimeElement: TemplateRepresentable, MustacheCustomRenderable, MustacheParent {
    let iso: String
    let text: String
    var renderText: String { "<time datetime=\"\(iso)\">\(text)</time>" }
    var isNull: Bool { false }
    var templateValue: Any? { self }
    func child(named name: String) -> Any? { nil }
}
