/// Text with emoji markers (1️⃣, 2️⃣ …) that stand for source locations in a test.
///
/// `MarkedText("title: x\nimpact: {1️⃣sequencer: down}")` gives the text without markers and, for each
/// marker, the 1-based line and column (in Unicode scalars) where it stood, so a test can say
/// "an unknown-component error at 1️⃣" instead of hard-coding numbers.
public struct MarkedText: Sendable {
    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

    public let text: String
    public let positions: [String: (line: Int, column: Int)]

    public init(_ marked: String) {
        var text = ""
        var positions: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        // Scalars, not Characters: "\r\n" is one Character but two scalars, and lines end at "\n".
        var rest = Substring(marked).unicodeScalars[...]
        outer: while let scalar = rest.first {
            for marker in Self.markers where rest.starts(with: marker.unicodeScalars) {
                positions[marker] = (line, column)
                rest = rest.dropFirst(marker.unicodeScalars.count)
                continue outer
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else if scalar != "\r" && scalar != "\u{FEFF}" {
                column += 1
            }
            rest = rest.dropFirst()
        }
        self.text = text
        self.positions = positions
    }
}
