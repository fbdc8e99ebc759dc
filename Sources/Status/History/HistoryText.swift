/// Text that reached `history/` from remote servers (an SV's name, a version, a failure reason) or
/// from a hand-edited file, cleaned once when it is read so every format shows the same text.
///
/// Cleaning is not escaping: each renderer still escapes for its own format. It removes what no
/// format should carry: control characters (become spaces, so `\n` cannot forge a line in a
/// metrics file or a table), bidirectional overrides and isolates (an SV named `‮1-VS` must not
/// reorder the row it sits in), and a combining mark right after one of `" ' < > &` (Swift sees
/// `"` + U+0301 as one character, which an escaper comparing characters to `"` would let through
/// into an attribute). Long values are cut, since a server decides their length.
enum HistoryText {
    /// Longest kept value, in characters; longer ones end in `…`.
    static let nameLimit = 120
    static let reasonLimit = 400
    static let valueLimit = 80

    static func clean(_ text: String, limit: Int) -> String {
        if text.utf8.count <= limit && text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var scalars = String.UnicodeScalarView()
        var previousIsMarkup = false
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept >= limit {
                scalars.append("…")
                break
            }
            if isBidiControl(scalar) { continue }
            if previousIsMarkup && joinsMarkup(scalar) { continue }
            let cleaned: Unicode.Scalar = scalar.properties.generalCategory == .control ? " " : scalar
            scalars.append(cleaned)
            previousIsMarkup = ["\"", "'", "<", ">", "&"].contains(cleaned)
            kept += 1
        }
        return String(scalars)
    }

    /// Whether `scalar` would join a preceding `"` into one grapheme (a combining mark, a joiner,
    /// a variation selector, a spacing mark).
    static func joinsMarkup(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && String(String.UnicodeScalarView([Unicode.Scalar(0x22), scalar])).count == 1
    }

    /// Characters that change the display order of the text around them.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
