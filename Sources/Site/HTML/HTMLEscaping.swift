/// The escaping of every string a template shows: `< > & " '` become the entities swift-mustache's
/// built-in HTML content type writes, by `FeedText.entitiesEscaped`. Applied once, when the string
/// enters a page context (`TemplateText(escaping:)`).
///
/// The built-in escaper walks a string by grapheme and looks each one up in a dictionary, which was
/// a tenth of a ten-thousand-page build. The shared escaper returns the many strings that need no
/// escaping (times, links, words, ids) as they are, and it also escapes a `"` that a combining mark
/// follows, which a grapheme comparison would miss.
enum HTMLEscaping {
    static func escaped(_ text: String) -> String {
        FeedText.entitiesEscaped(text)
    }
}
