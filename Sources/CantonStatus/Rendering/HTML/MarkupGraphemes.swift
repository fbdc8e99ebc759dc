/// Keeps `" ' < > &` standing alone, so an escaper that compares Swift `Character`s finds them.
///
/// Swift's `Character` is a grapheme cluster: `"` followed by U+0301 COMBINING ACUTE ACCENT is one
/// character that is not equal to `"`. swift-mustache escapes `{{…}}` character by character, so
/// such a pair reached the page raw, and inside an attribute (`aria-label="{{name}}"`) the quote
/// ended the value and the text after it became attributes. Dropping a joining scalar that follows
/// a markup character costs a stray accent and closes that hole for every string a page shows.
enum MarkupGraphemes {
    /// `text` with every scalar that would join a preceding `" ' < > &` removed.
    static func separated(_ text: String) -> String {
        // Fast path: a joining scalar is U+0300 or above, so its UTF-8 lead byte is 0xCC or above.
        var previousIsMarkup = false
        var suspicious = false
        for byte in text.utf8 {
            if previousIsMarkup && byte >= 0xCC {
                suspicious = true
                break
            }
            previousIsMarkup = isMarkup(byte)
        }
        guard suspicious else { return text }
        var scalars = String.UnicodeScalarView()
        var afterMarkup = false
        for scalar in text.unicodeScalars {
            if afterMarkup && joinsMarkup(scalar) { continue }
            scalars.append(scalar)
            afterMarkup = scalar.isASCII && isMarkup(UInt8(scalar.value))
        }
        return String(scalars)
    }

    /// Whether `scalar` would join a preceding `"` into one grapheme (a combining mark, a joiner,
    /// a variation selector, a spacing mark).
    static func joinsMarkup(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && String(String.UnicodeScalarView([Unicode.Scalar(0x22), scalar])).count == 1
    }

    private static func isMarkup(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "&")
    }
}
