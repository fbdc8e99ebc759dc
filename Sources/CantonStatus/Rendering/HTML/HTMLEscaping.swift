internal import Mustache

/// The escaping of every `{{…}}` in the site's templates: `< > & " '` become entities, exactly
/// as swift-mustache's built-in HTML content type writes them, but decided byte by byte.
///
/// The built-in escaper walks a string by grapheme and looks each one up in a dictionary, which was
/// a tenth of a ten-thousand-page build. Most strings a page shows (times, links, words, ids) need
/// no escaping at all and are returned as they are, without a copy. Working on UTF-8 bytes also
/// escapes a `"` that a combining mark follows, which a grapheme comparison would miss.
struct HTMLEscaping: MustacheContentType {
    /// The name `SiteTemplates` registers this content type under and names in each template's
    /// `{{% CONTENT_TYPE: … }}` pragma.
    static let contentTypeName = "CANTON_HTML"

    func escapeText(_ text: String) -> String {
        Self.escaped(text)
    }

    static func escaped(_ text: String) -> String {
        var text = text
        let needsWork = text.withUTF8 { bytes in bytes.contains { replacement(for: $0) != nil } }
        guard needsWork else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let replacement = replacement(for: byte) {
                output.append(contentsOf: replacement.utf8)
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func replacement(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}

extension StaticString {
    fileprivate var utf8: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}
