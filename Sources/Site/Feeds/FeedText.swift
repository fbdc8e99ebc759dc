/// Text from content files made safe to carry in any feed format (XML, JSON, iCalendar).
///
/// Two things are done, and nothing else, so the text an operator wrote stays intact:
/// - characters no feed format can carry are removed: C0 controls other than tab and newline, DEL,
///   C1 controls and U+FFFE/U+FFFF (XML 1.0 forbids most of them, iCalendar TEXT forbids all);
///   CR and CRLF become LF.
/// - Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) left open
///   are closed at the end of each line, so an U+202E in a title cannot reverse the status word,
///   date or link a reader shows next to it. The marks themselves are kept: RTL text needs them.
enum FeedText {
    static func clean(_ text: String) -> String {
        // Fast path: most text (ASCII, accents, `·`, `—`) has nothing to remove or close.
        needsCleaning(text) ? cleaned(text) : text
    }

    /// `clean` without its fast path.
    static func cleaned(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        // Open bidi scopes on the current line, innermost last: `true` for an isolate.
        var open: [Bool] = []
        func closeAll() {
            for isolate in open.reversed() {
                scalars.append(isolate ? Unicode.Scalar(0x2069)! : Unicode.Scalar(0x202C)!)
            }
            open.removeAll()
        }
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { previousWasCR = value == 0x0D }
            switch value {
            case 0x0D:
                closeAll()
                scalars.append("\n")
            case 0x0A:
                if previousWasCR { continue }
                closeAll()
                scalars.append(scalar)
            case 0x09:
                scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF:
                continue
            case 0x202A, 0x202B, 0x202D, 0x202E:
                open.append(false)
                scalars.append(scalar)
            case 0x2066...0x2068:
                open.append(true)
                scalars.append(scalar)
            case 0x202C:
                // A PDF closes the innermost embedding unless an isolate is innermost (UAX #9, X7).
                guard let last = open.last, !last else { continue }
                open.removeLast()
                scalars.append(scalar)
            case 0x2069:
                // A PDI closes the innermost isolate and every embedding opened inside it (X6a).
                guard let isolate = open.lastIndex(of: true) else { continue }
                for _ in isolate..<(open.count - 1) { scalars.append(Unicode.Scalar(0x202C)!) }
                open.removeSubrange(isolate...)
                scalars.append(scalar)
            default:
                scalars.append(scalar)
            }
        }
        closeAll()
        return String(scalars)
    }

    /// Whether `text` holds anything `clean` changes, judged on UTF-8 bytes: a C0 control other than
    /// tab and LF, CR, DEL, a C1 control (`C2 80`–`C2 9F`), U+FFFE/U+FFFF (`EF BF BE`/`BF`), or a bidi
    /// embedding, override or isolate (`E2 80 AA`–`AE`, `E2 81 A6`–`A9`).
    static func needsCleaning(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var previous: (UInt8, UInt8) = (0, 0)
        while let byte = utf8.next() {
            defer { previous = (previous.1, byte) }
            switch byte {
            case 0x09, 0x0A: continue
            case 0x00...0x1F, 0x7F: return true
            case 0x80...0x9F where previous.1 == 0xC2: return true
            case 0xAA...0xAE where previous == (0xE2, 0x80): return true
            case 0xA6...0xA9 where previous == (0xE2, 0x81): return true
            case 0xBE...0xBF where previous == (0xEF, 0xBF): return true
            default: continue
            }
        }
        return false
    }

    /// `text` cleaned and escaped for HTML or XML character data and attribute values alike.
    static func escaped(_ text: String) -> String {
        entitiesEscaped(clean(text))
    }

    /// `& < > " '` as entities, nothing else changed: the escaping shared by the feeds, the XML and
    /// SVG built in Swift and the templates' `{{…}}` (`HTMLEscaping`). Works on UTF-8 bytes, not
    /// graphemes, so a combining mark after `"` cannot hide it, and returns text with nothing to
    /// escape as it is.
    static func entitiesEscaped(_ text: String) -> String {
        replacingASCII(in: text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            default: nil
            }
        }
    }

    /// `text` with each ASCII byte that `replacement` names replaced, everything else kept: the
    /// escaping of HTML and XML entities and of iCalendar TEXT. No byte of a multi-byte UTF-8
    /// sequence is ASCII, so working on bytes changes exactly those characters, and the runs
    /// between them are copied whole. Text with nothing to replace is returned as it is.
    static func replacingASCII(in text: String, _ replacement: (UInt8) -> StaticString?) -> String {
        guard text.utf8.contains(where: { replacement($0) != nil }) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var source = text
        source.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                guard let replaced = replacement(bytes[index]) else { continue }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                result.append(contentsOf: UnsafeBufferPointer(start: replaced.utf8Start, count: replaced.utf8CodeUnitCount))
                runStart = index + 1
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        return String(decoding: result, as: UTF8.self)
    }
}
