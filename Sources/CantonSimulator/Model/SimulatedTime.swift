public import Foundation

/// The timestamp formats the simulator reads and writes.
///
/// Splice writes UTC instants with a `Z` suffix; the simulator writes whole seconds so a fixed
/// clock gives identical bodies. Input must carry a zone, because a zone-less time would silently
/// depend on the machine running the simulator.
public enum SimulatedTime {
    /// Parses ISO 8601 with a zone: `2026-11-20T14:05:00Z`, `…T14:05:00.5+01:00`, or minute
    /// precision `2026-11-20T14:05Z` (the form used in examples and control requests).
    public static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if let minutes = text.range(of: #"T\d{2}:\d{2}(?=[Zz+-])"#, options: .regularExpression) {
            text.insert(contentsOf: ":00", at: minutes.upperBound)
        }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    /// `2026-11-20T14:05:00Z`: UTC, whole seconds (fractions are dropped, not rounded).
    public static func format(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    /// The IMF-fixdate form of RFC 9110 §5.6.7 used by `Last-Modified`: `Fri, 20 Nov 2026 00:00:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[((parts.weekday ?? 1) - 1) % 7]), \(two(parts.day)) \(months[((parts.month ?? 1) - 1) % 12]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }
}
