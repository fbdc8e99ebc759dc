internal import Foundation

/// Reading JSON bodies of probe responses: parse with the byte offset of an error, and look up
/// dotted paths (`status.active`, `open_mining_rounds`).
enum ResponseJSON {
    enum Failure: Error, Equatable {
        case invalid(byte: Int?)

        var reason: String {
            switch self {
            case .invalid(let byte?): "invalid JSON at byte \(byte)"
            case .invalid(nil): "invalid JSON"
            }
        }
    }

    static func parse(_ body: [UInt8]) -> Result<Any, Failure> {
        do {
            return .success(try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]))
        } catch {
            return .failure(.invalid(byte: firstError(in: body)))
        }
    }

    /// Where a JSON text stops being valid, found by a small scanner since Foundation's error does
    /// not say. Returns the 0-based offset of the first byte that cannot continue the text (the
    /// length of the body when it ends too early).
    static func firstError(in body: [UInt8]) -> Int? {
        var scanner = JSONScanner(bytes: body)
        do {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            return scanner.index < body.count ? scanner.index : nil
        } catch {
            return scanner.index
        }
    }

    /// The value at a dotted path; numeric segments index arrays.
    static func value(at path: String, in root: Any) -> Any? {
        var current: Any? = root
        for segment in path.split(separator: ".") {
            if let object = current as? [String: Any] {
                current = object[String(segment)]
            } else if let array = current as? [Any], let index = Int(segment), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// A JSON scalar as text, the way conditions in `components.yml` compare it.
    static func text(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            // Booleans come back as NSNumber too; their Objective-C type code is `c`.
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is NSNull: return "null"
        default: return String(describing: value)
        }
    }
}

/// Just enough of a JSON grammar to find where a text goes wrong.
private struct JSONScanner {
    struct Stop: Error {}
    let bytes: [UInt8]
    var index = 0

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else { throw Stop() }
        index += 1
    }

    mutating func value(depth: Int) throws {
        guard depth < 512, index < bytes.count else { throw Stop() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipSpace()
                try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw Stop() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw Stop() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"))
                return
            }
        case UInt8(ascii: "\""):
            try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            if index == start { throw Stop() }
        }
    }

    mutating func string() throws {
        try expect(UInt8(ascii: "\""))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; return }
            if byte < 0x20 { throw Stop() }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        index = bytes.count
        throw Stop()
    }

    mutating func literal(_ word: String) throws {
        for byte in word.utf8 { try expect(byte) }
    }
}
