public import Model

/// Turns the raw bytes of a content file into text, or explains why they are not content.
///
/// Content files are small UTF-8 text. Anything else (a binary pasted by mistake, a file saved as
/// Latin-1, a 10 MB log) is reported as a diagnostic instead of being handed to the YAML parser.
public enum ContentBytes {
    /// Content files above this size are refused; the largest real incident is a few kilobytes.
    public static let maximumSize = 1 << 20

    public static func decode(_ bytes: [UInt8], path: String) -> Result<SourceText, Diagnostic> {
        if bytes.count > maximumSize { return .failure(tooLarge(size: bytes.count, path: path)) }
        let binary = bytes.contains(0)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8Byte(in: bytes) ?? 0
            let kind = binary ? "file is binary, not UTF-8 text" : "file is not valid UTF-8"
            return .failure(.error(
                .encoding, "\(kind) (invalid byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                at: location(ofByte: bad, in: bytes, path: path),
                hint: binary ? "content files must be UTF-8 text; remove the file or replace it with text"
                    : "save the file as UTF-8; most editors offer this under 'Save with encoding'"))
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(.error(
                .encoding, "file is binary (it contains a NUL byte), not UTF-8 text",
                at: location(ofByte: nul, in: bytes, path: path),
                hint: "content files must be UTF-8 text; remove the file or replace it with text"))
        }
        return .success(SourceText(path: path, text: text))
    }

    public static func tooLarge(size: Int, path: String) -> Diagnostic {
        .error(.fileTooLarge, "file is \(size.formattedBytes), more than the \(maximumSize.formattedBytes) a content file may be",
               at: SourceLocation(path: path, line: 1, column: 1),
               hint: "content files hold one incident, maintenance window or the component list; move logs and data elsewhere")
    }

    /// Index of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8Byte(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let sequence = Array(bytes[index..<(index + length)])
            if String(validating: sequence, as: UTF8.self) == nil { return index }
            index += length
        }
        return nil
    }

    /// The line and column (in Unicode scalars of the valid prefix) of a byte offset.
    package static func location(ofByte offset: Int, in bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<offset]
        let column = prefix.reduce(0) { count, byte in (byte & 0xC0) == 0x80 ? count : count + 1 } + 1
        return SourceLocation(path: path, line: line, column: column)
    }
}

extension Int {
    var formattedBytes: String {
        if self >= 1 << 20 { return "\((Double(self) / Double(1 << 20) * 10).rounded() / 10) MB" }
        if self >= 1 << 10 { return "\(self >> 10) KB" }
        return "\(self) bytes"
    }
}
