public import Model

/// A JSON value with one canonical encoding, for the machine-readable outputs.
///
/// Foundation's `JSONSerialization` would do, but its output is not specified byte for byte (slashes,
/// number forms, key order without `.sortedKeys`), and the site must be reproducible: the same
/// snapshot gives the same bytes. So the encoding is ours: keys sorted by their UTF-8 bytes, two-space
/// indentation, a final newline.
///
/// Strings are escaped more than JSON requires, so the files are safe wherever they end up: besides
/// `"` and `\`, every control and format character (`Cc`, `Cf`: newlines, U+202E RIGHT-TO-LEFT
/// OVERRIDE, zero-width characters), U+2028/U+2029, and `<`, `>`, `&` are written as `\uXXXX`.
/// A JSON parser reads back exactly the original text; an HTML page that inlines the file cannot be
/// closed early by a `</script>` in an incident title, and a reader of the raw file sees hidden
/// characters as escapes rather than having them reorder the text.
package enum APIJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number with a fractional part, written as given: made only by `decimal(_:places:)`, so
    /// the text is always a plain JSON number and the same value always the same bytes.
    case decimal(String)
    case string(String)
    case array([APIJSON])
    case object([String: APIJSON])

    /// `null` for `nil`, so optional content stays a present key with a `null` value, as Statuspage does.
    static func optional(_ text: String?) -> APIJSON { text.map(APIJSON.string) ?? .null }
    static func optional(_ time: Timestamp?) -> APIJSON { time.map(APIJSON.time) ?? .null }
    /// `value` rounded down to `places` decimals, trailing zeros dropped (`99.95`, `100`): rounding
    /// down never shows a missed target as met.
    static func decimal(_ value: Double, places: Int) -> APIJSON {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((value * scale).rounded(.down))
        var digits = String(scaled.magnitude)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        var fraction = digits.suffix(places)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        let whole = digits.dropLast(places)
        return .decimal((scaled < 0 ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction))
    }

    /// ISO 8601 in UTC, `2026-11-20T14:05:00Z`.
    package static func time(_ time: Timestamp) -> APIJSON { .string(time.description) }

    /// The whole document: pretty-printed, keys sorted, ending in a newline.
    package func encoded() -> String {
        var output = ""
        write(to: &output, indent: 0)
        output += "\n"
        return output
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .decimal(let text): output += text
        case .string(let value): output += Self.quoted(value)
        case .array(let values):
            guard !values.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += Self.spaces(indent + 1)
                value.write(to: &output, indent: indent + 1)
                output += index == values.count - 1 ? "\n" : ",\n"
            }
            output += Self.spaces(indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                output += Self.spaces(indent + 1) + Self.quoted(key) + ": "
                members[key]!.write(to: &output, indent: indent + 1)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += Self.spaces(indent) + "}"
        }
    }

    private static func spaces(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// A JSON string literal; see the type's comment for what is escaped and why.
    package static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += unicodeEscape(scalar)
            default:
                switch scalar.properties.generalCategory {
                case .control, .format: output += unicodeEscape(scalar)
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// `\uXXXX`, or a surrogate pair for scalars beyond the Basic Multilingual Plane.
    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        func hex(_ unit: UInt16) -> String {
            let digits = String(unit, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        return String(Character(scalar)).utf16.map(hex).joined()
    }
}
