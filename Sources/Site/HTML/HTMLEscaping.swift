internal import Mustache

/// The escaping of every `{{…}}` in the site's templates: `< > & " '` become the entities
/// swift-mustache's built-in HTML content type writes, by `FeedText.entitiesEscaped`.
///
/// The built-in escaper walks a string by grapheme and looks each one up in a dictionary, which was
/// a tenth of a ten-thousand-page build. The shared escaper returns the many strings that need no
/// escaping (times, links, words, ids) as they are, and it also escapes a `"` that a combining mark
/// follows, which a grapheme comparison would miss.
struct HTMLEscaping: MustacheContentType {
    /// The name `SiteTemplates` registers this content type under and names in each template's
    /// `{{% CONTENT_TYPE: … }}` pragma.
    static let contentTypeName = "CANTON_HTML"

    func escapeText(_ text: String) -> String {
        Self.escaped(text)
    }

    static func escaped(_ text: String) -> String {
        FeedText.entitiesEscaped(text)
    }
}
