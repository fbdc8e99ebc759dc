public import Model

/// The text of one content file, decoded and normalised, with fast access to its lines.
///
/// Normalisation happens once, here: a UTF-8 byte-order mark is dropped and CRLF becomes LF, so that
/// every later stage (front matter, YAML, Markdown, diagnostics) sees the same lines and columns an
/// editor shows.
public struct SourceText: Sendable {
    /// Repository-relative path used in diagnostics.
    public let path: String
    public let text: String
    /// Line contents without their terminator, computed lazily for diagnostics only.
    public var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    public init(path: String, text: String) {
        self.path = path
        var normalized = text
        if normalized.unicodeScalars.first == "\u{FEFF}" {
            normalized.unicodeScalars.removeFirst()
        }
        if normalized.utf8.contains(UInt8(ascii: "\r")) {
            normalized = normalized.replacingCRLF()
        }
        self.text = normalized
    }

    /// The first place at or after `start` where `needle` occurs on one line.
    public func find(_ needle: String, from start: SourceLocation) -> SourceLocation? {
        var number = start.line
        while let line = self.line(number), number < start.line + 200 {
            let scalars = Array(line.unicodeScalars)
            let target = Array(needle.unicodeScalars)
            let first = number == start.line ? start.column - 1 : 0
            if target.count <= scalars.count, first <= scalars.count - target.count {
                for index in first...(scalars.count - target.count) where Array(scalars[index..<(index + target.count)]) == target {
                    return SourceLocation(path: path, line: number, column: index + 1)
                }
            }
            number += 1
        }
        return nil
    }

    /// The 1-based line `number`, or `nil` past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = text.startIndex
        while current < number {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        return text[start..<end]
    }
}

extension String {
    /// Replaces CRLF (and lone CR, as old Mac editors write) by LF.
    func replacingCRLF() -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
