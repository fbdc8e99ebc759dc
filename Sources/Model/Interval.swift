/// A length of time written in content as `48h`, `20m`, `5s`, `500ms`, `2d` or a sum such as `1h30m`.
public struct Interval: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func seconds(_ value: Int64) -> Interval { Interval(milliseconds: value * 1000) }

    /// A measured `Duration` (a clock's elapsed time), to the millisecond below.
    public init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
    public static func minutes(_ value: Int64) -> Interval { .seconds(value * 60) }
    public static func hours(_ value: Int64) -> Interval { .seconds(value * 3600) }

    public var seconds: Int64 { milliseconds / 1000 }

    public static func < (lhs: Interval, rhs: Interval) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Parses the content syntax; `nil` when the text is not a positive sum of `<number><unit>` parts.
    public static func parse(_ text: String) -> Interval? {
        let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        var rest = Substring(text.trimmingWhitespace())
        guard !rest.isEmpty else { return nil }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.milliseconds
        }
        return total > 0 ? Interval(milliseconds: total) : nil
    }

    /// For sentences: `5 s`, `1.5 s`, `500 ms`, `20 min`, `2 h`, `1 h 30 min`.
    public var spoken: String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 {
            return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds / 100) / 10) s"
        }
        let minutes = milliseconds / 60_000
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// A natural form in hours and smaller units, as operators write notice periods: `48h`, `1h30m`, `500ms`.
    public var description: String {
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        var rest = milliseconds / 1000
        var text = ""
        for (suffix, size) in [("h", Int64(3600)), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(suffix)"
            rest %= size
        }
        return text.isEmpty ? "0s" : text
    }
}

extension StringProtocol {
    package func trimmingWhitespace() -> SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
