/// Escaping for the XML and HTML built in Swift: the feeds (Atom, RSS), the sitemap, the bar's labels.
///
/// Every string from content goes through `text(_:)` (character data) or `attribute(_:)`, which clean it
/// first (`FeedText.clean`) and escape `& < > " '`. Escaping `>` everywhere means `]]>` can never appear
/// raw, and nothing is ever wrapped in CDATA, so there is no CDATA section for text to break out of.
package enum XMLEscaping {
    package static func text(_ value: String) -> String { FeedText.escaped(value) }
    static func attribute(_ value: String) -> String { FeedText.escaped(value) }

    /// `<name>escaped value</name>`.
    static func element(_ name: String, _ value: String, attributes: [(String, String)] = []) -> String {
        "<\(name)\(attributeList(attributes))>\(text(value))</\(name)>"
    }

    /// `<name a="v"/>`.
    static func emptyElement(_ name: String, attributes: [(String, String)]) -> String {
        "<\(name)\(attributeList(attributes))/>"
    }

    private static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(attribute($0.1))\"" }.joined()
    }
}
