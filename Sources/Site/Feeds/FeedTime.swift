public import Model

/// The date formats feeds and calendars need, all in UTC and computed without Foundation's calendars
/// or locales, so output is the same on every machine.
package enum FeedTime {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday.

    /// RFC 3339 for Atom and JSON Feed: `2026-11-20T14:05:00Z`.
    static func rfc3339(_ time: Timestamp) -> String { time.description }

    /// RFC 822 (as RSS 2.0 uses it, with a four-digit year): `Fri, 20 Nov 2026 14:05:00 +0000`.
    package static func rfc822(_ time: Timestamp) -> String {
        let civil = CivilTime(secondsSince1970: time.secondsSince1970)
        let days = CivilTime.daysSince1970(secondsSince1970: time.secondsSince1970)
        let weekday = weekdays[((days % 7) + 7) % 7]
        let date = "\(pad(civil.day)) \(CivilTime.monthAbbreviation(civil.month)) \(civil.year)"
        return "\(weekday), \(date) \(clock(civil, seconds: true)) +0000"
    }

    /// iCalendar DATE-TIME in UTC: `20261210T140000Z`.
    static func iCalendar(_ time: Timestamp) -> String {
        let civil = CivilTime(secondsSince1970: time.secondsSince1970)
        let date = "\(civil.year)\(pad(civil.month))\(pad(civil.day))"
        return "\(date)T\(pad(civil.hour))\(pad(civil.minute))\(pad(civil.second))Z"
    }

    /// For people: `2026-12-10 14:00 UTC`.
    package static func readable(_ time: Timestamp) -> String {
        let civil = CivilTime(secondsSince1970: time.secondsSince1970)
        return "\(civil.dayString) \(clock(civil)) UTC"
    }

    /// A window for people: `2026-12-10 14:00 – 20:00 UTC`, or both dates when it spans midnight.
    package static func readable(from start: Timestamp, to end: Timestamp) -> String {
        let from = CivilTime(secondsSince1970: start.secondsSince1970)
        let to = CivilTime(secondsSince1970: end.secondsSince1970)
        let endText = from.dayString == to.dayString ? clock(to) : "\(to.dayString) \(clock(to))"
        return "\(from.dayString) \(clock(from)) – \(endText) UTC"
    }

    private static func clock(_ civil: CivilTime, seconds: Bool = false) -> String {
        "\(pad(civil.hour)):\(pad(civil.minute))" + (seconds ? ":\(pad(civil.second))" : "")
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
