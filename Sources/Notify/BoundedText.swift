internal import Site

/// Text cut to a receiver's limit, in the unit that receiver counts, without breaking what must stay
/// whole: a grapheme (so never half a surrogate pair, a flag or an emoji with its modifiers), an
/// escape such as `\*` or `&amp;`, a link.
///
/// The cut ends in `…`, which the limit includes; an open bold run is closed before it, so a cut
/// never leaves the rest of a message bold or a stray `**` on show.
enum BoundedText {
    /// What a limit counts.
    enum Unit {
        /// Swift `Character`s (grapheme clusters): Slack's limits.
        case characters
        /// UTF-16 code units, as JavaScript's `length`: never fewer than code points or graphemes, so
        /// text within a UTF-16 limit is within the same limit counted any other way (Discord).
        case utf16
        /// UTF-8 bytes once written as a JSON string by `APIJSON` (escapes included): for limits on
        /// the size of a whole message (Teams' 28 KB).
        case jsonBytes
    }

    /// A piece that is kept whole or dropped whole.
    struct Atom: Equatable {
        var text: String
        /// A bold marker (`**`, Slack's `*`): each one opens or closes a bold run.
        var togglesBold = false

        init(_ text: String, togglesBold: Bool = false) {
            self.text = text
            self.togglesBold = togglesBold
        }
    }

    static let ellipsis = "…"

    static func size(_ text: String, in unit: Unit) -> Int {
        switch unit {
        case .characters: text.count
        case .utf16: text.utf16.count
        case .jsonBytes: APIJSON.quoted(text).utf8.count - 2
        }
    }

    /// The text as it is when it fits, else cut at a grapheme with `…`.
    static func fitted(_ text: String, to limit: Int, in unit: Unit) -> String {
        guard size(text, in: unit) > limit else { return text }
        return fitted(text.map { Atom(String($0)) }, to: limit, in: unit)
    }

    /// The atoms joined when they fit, else as many as fit with `…` (and `boldMarker` to close an
    /// open bold run) within `limit`.
    static func fitted(_ atoms: [Atom], to limit: Int, in unit: Unit, boldMarker: String = "") -> String {
        let whole = atoms.map(\.text).joined()
        guard size(whole, in: unit) > limit else { return whole }
        let reserve = size(ellipsis, in: unit)
        let closer = size(boldMarker, in: unit)
        var output = ""
        var used = 0
        var bold = false
        for atom in atoms {
            let boldAfter = atom.togglesBold ? !bold : bold
            let atomSize = size(atom.text, in: unit)
            guard used + atomSize + reserve + (boldAfter ? closer : 0) <= limit else { break }
            output += atom.text
            used += atomSize
            bold = boldAfter
        }
        return output + (bold ? boldMarker : "") + ellipsis
    }
}
