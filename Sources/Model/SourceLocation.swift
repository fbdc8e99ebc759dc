/// A position in a content file, as an operator's editor shows it.
///
/// `path` is relative to the repository root (`incidents/2026-11-20-x.md`). `line` and `column` are
/// 1-based; the column counts Unicode scalars, which is what libyaml reports and what editors show
/// for everything but wide East Asian characters and emoji.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = max(1, line)
        self.column = max(1, column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// A value read from a content file together with where it was written, so that rules running long
/// after parsing can still point at the right place.
public struct Located<Value> {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
