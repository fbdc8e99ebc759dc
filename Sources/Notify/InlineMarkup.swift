internal import Foundation

/// An update's Markdown as the chat services can show it: web links, bare web addresses, bold, and
/// plain text that each service escapes its own way, so content never formats, links or mentions on
/// its own.
///
/// Only what every chat service renders is kept; everything else in the Markdown is shown as typed.
enum InlineMarkup {
    enum Piece: Equatable {
        case text(String)
        /// `[label](url)` with an http(s) URL free of spaces, `|`, `<` and `>`, and a one-line label.
        case link(label: String, url: String)
        /// A bare `http(s)://…` address, up to a space or a character no URL holds, without the
        /// punctuation that ends a sentence after it.
        case address(String)
        /// `**`, only where a matching one follows.
        case bold
    }

    /// How one service writes the pieces.
    struct Dialect: Sendable {
        /// How plain text is escaped, character by character.
        var escaping: Escaping
        /// What bold becomes (`**`, or Slack's `*`).
        var bold: String
        /// A link, its label already escaped.
        var link: @Sendable (_ label: String, _ url: String) -> String
        /// A bare address; `nil` shows it as escaped text.
        var address: @Sendable (String) -> String?
    }

    /// What a service would interpret in plain text, and how to make it show as typed.
    struct Escaping: Sendable {
        /// Characters written as something else everywhere (Slack's `&amp;`, `&lt;`, `&gt;`).
        var replaced: [Character: String] = [:]
        /// Characters that get a backslash before them everywhere (`*`, `_`, `[`).
        var backslashed: Set<Character> = []
        /// Characters that get a backslash when they are the first thing on a line, after any
        /// spaces: list, heading and quote markers. Digits followed by `.` or `)` (an ordered list
        /// item) get one before that `.` or `)`.
        var atLineStart: Set<Character> = []
        /// Sequences, matched ignoring case, after whose first character a zero-width space goes,
        /// so the service no longer sees them (`@everyone`, `<@123>`, `{{DATE(…)}}`).
        var broken: [String] = []
    }

    // MARK: Reading

    static func pieces(_ markdown: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(markdown)
        while let open = rest.firstIndex(of: "[") {
            appendText(rest[..<open], to: &pieces)
            let afterOpen = rest[rest.index(after: open)...]
            if let close = afterOpen.firstIndex(of: "]"),
               afterOpen[close...].hasPrefix("]("),
               let end = afterOpen[close...].firstIndex(of: ")") {
                let label = afterOpen[..<close]
                let url = afterOpen[afterOpen.index(close, offsetBy: 2)..<end]
                if isWebURL(url), !url.contains(where: { " |<>".contains($0) }), !label.isEmpty, !label.contains("\n") {
                    pieces.append(.link(label: String(label), url: String(url)))
                    rest = afterOpen[afterOpen.index(after: end)...]
                    continue
                }
            }
            appendPlain("[", to: &pieces)
            rest = afterOpen
        }
        appendText(rest, to: &pieces)
        return pairingBold(pieces)
    }

    private static func isWebURL(_ text: Substring) -> Bool {
        text.hasPrefix("https://") || text.hasPrefix("http://")
    }

    /// Text with its bare addresses taken out.
    private static func appendText(_ text: Substring, to pieces: inout [Piece]) {
        var rest = text
        var searchFrom = rest.startIndex
        while let start = rest[searchFrom...].firstIndex(of: "h") {
            let candidate = rest[start...]
            let afterWord = start == rest.startIndex || !(rest[rest.index(before: start)].isLetter || rest[rest.index(before: start)].isNumber)
            guard afterWord, isWebURL(candidate) else {
                searchFrom = rest.index(after: start)
                continue
            }
            var address = candidate.prefix { !$0.isWhitespace && !"<>\"`{}|\\^".contains($0) }
            while let last = address.last, ".,;:!?)'*_~".contains(last) { address = address.dropLast() }
            guard !address.hasSuffix("//") else {
                searchFrom = address.endIndex
                continue
            }
            appendPlain(rest[..<start], to: &pieces)
            pieces.append(.address(String(address)))
            rest = rest[address.endIndex...]
            searchFrom = rest.startIndex
        }
        appendPlain(rest, to: &pieces)
    }

    private static func appendPlain(_ text: Substring, to pieces: inout [Piece]) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = pieces.last {
            pieces[pieces.count - 1] = .text(previous + text)
        } else {
            pieces.append(.text(String(text)))
        }
    }

    /// `**` in text becomes `.bold` in matched pairs; an unmatched last one stays text.
    private static func pairingBold(_ pieces: [Piece]) -> [Piece] {
        let markers = pieces.reduce(0) { count, piece in
            if case .text(let text) = piece { count + text.components(separatedBy: "**").count - 1 } else { count }
        }
        var pairable = markers - markers % 2
        var output: [Piece] = []
        for piece in pieces {
            guard case .text(let text) = piece, pairable > 0 else {
                if case .text(let text) = piece { appendPlain(Substring(text), to: &output) } else { output.append(piece) }
                continue
            }
            var rest = Substring(text)
            while pairable > 0, let range = rest.range(of: "**") {
                appendPlain(rest[..<range.lowerBound], to: &output)
                output.append(.bold)
                pairable -= 1
                rest = rest[range.upperBound...]
            }
            appendPlain(rest, to: &output)
        }
        return output
    }

    // MARK: Writing

    /// The Markdown in `dialect`, within `limit`.
    static func render(_ markdown: String, in dialect: Dialect, limit: Int, unit: BoundedText.Unit) -> String {
        var atoms: [BoundedText.Atom] = []
        for piece in pieces(markdown) {
            switch piece {
            case .text(let text):
                atoms += escaped(text, dialect.escaping)
            case .link(let label, let url):
                atoms.append(BoundedText.Atom(dialect.link(escaped(label, dialect.escaping).map(\.text).joined(), url)))
            case .address(let address):
                if let written = dialect.address(address) {
                    atoms.append(BoundedText.Atom(written))
                } else {
                    atoms += escaped(address, dialect.escaping)
                }
            case .bold:
                atoms.append(BoundedText.Atom(dialect.bold, togglesBold: true))
            }
        }
        return BoundedText.fitted(atoms, to: limit, in: unit, boldMarker: dialect.bold)
    }

    /// Plain text (a title, a name) escaped, within `limit`.
    static func plain(_ text: String, in dialect: Dialect, limit: Int, unit: BoundedText.Unit) -> String {
        BoundedText.fitted(escaped(text, dialect.escaping), to: limit, in: unit)
    }

    /// One atom per character, escaped: an escape and what it escapes are never cut apart.
    static func escaped(_ text: String, _ escaping: Escaping) -> [BoundedText.Atom] {
        let characters = Array(text)
        var atoms: [BoundedText.Atom] = []
        atoms.reserveCapacity(characters.count)
        var atLineStart = true
        var inLeadingDigits = false
        for (index, character) in characters.enumerated() {
            let first = character.unicodeScalars.first.map(Character.init) ?? character
            var written = escaping.replaced[first].map { $0 + String(character.unicodeScalars.dropFirst()) } ?? String(character)
            let startsLine = atLineStart && escaping.atLineStart.contains(first)
            let endsListNumber = inLeadingDigits && (first == "." || first == ")") && !escaping.atLineStart.isEmpty
            if escaping.backslashed.contains(first) || startsLine || endsListNumber {
                written = "\\" + written
            }
            if escaping.broken.contains(where: { matches($0, characters, at: index) }) {
                written += "\u{200B}"
            }
            atoms.append(BoundedText.Atom(written))
            if character == "\n" || character == "\r\n" {
                atLineStart = true
                inLeadingDigits = false
            } else if character == " " && atLineStart {
                continue
            } else {
                inLeadingDigits = (atLineStart || inLeadingDigits) && character.isASCII && character.isNumber
                atLineStart = false
            }
        }
        return atoms
    }

    private static func matches(_ sequence: String, _ characters: [Character], at index: Int) -> Bool {
        var position = index
        for expected in sequence {
            guard position < characters.count, characters[position].lowercased() == expected.lowercased() else { return false }
            position += 1
        }
        return true
    }
}
