public import Foundation

/// An instant written in content as ISO 8601 with an explicit zone (`2026-11-20T14:05Z`,
/// `2026-11-20T15:05:30+01:00`).
///
/// A time without a zone is ambiguous for a network run across every time zone, so parsing refuses it
/// with `.missingZone` rather than guessing UTC. The original offset is kept so a file's date can be
/// compared with the date the operator wrote.
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum ParseError: Error, Equatable, Sendable {
        /// Date and time are fine but no `Z` or `±HH:MM` follows.
        case missingZone
        /// Only a date was given.
        case missingTime
        /// Not an ISO 8601 date-time, or an impossible date such as February 30.
        case malformed
    }

    /// Seconds since 1970-01-01T00:00Z.
    public var secondsSince1970: Int64
    /// Offset from UTC in seconds, as written.
    public var utcOffsetSeconds: Int

    public init(secondsSince1970: Int64, utcOffsetSeconds: Int = 0) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public init(_ date: Date) {
        self.init(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// Equality is by instant, so `14:05Z` equals `15:05+01:00`.
    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 == rhs.secondsSince1970 }
    public func hash(into hasher: inout Hasher) { hasher.combine(secondsSince1970) }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSince1970: secondsSince1970 + seconds, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// `YYYY-MM-DD` of this instant in UTC.
    public var utcDay: String { CivilTime(secondsSince1970: secondsSince1970).dayString }
    /// `YYYY-MM-DD` of this instant in the offset it was written with.
    public var localDay: String { CivilTime(secondsSince1970: secondsSince1970 + Int64(utcOffsetSeconds)).dayString }

    /// Canonical UTC form, `2026-11-20T14:05:00Z`.
    public var description: String { CivilTime(secondsSince1970: secondsSince1970).iso8601 }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)`; a space may stand for `T`.
    public static func parse(_ text: String) -> Result<Timestamp, ParseError> {
        // In place, without a copy of the bytes: a build parses one per line of probe history.
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<Timestamp, ParseError> {
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else {
            return .failure(.malformed)
        }
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day) else {
            return .failure(.malformed)
        }
        if index == bytes.count { return .failure(.missingTime) }
        guard expect("T") || expect("t") || expect(" ") else { return .failure(.malformed) }
        guard let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60 else {
            return .failure(.malformed)
        }
        var second = 0
        if expect(":") {
            guard let value = number(2), value < 61 else { return .failure(.malformed) }
            second = min(value, 59)
            if expect(".") || expect(",") {
                let start = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > start else { return .failure(.malformed) }
            }
        }
        if index == bytes.count { return .failure(.missingZone) }
        var offset = 0
        if expect("Z") || expect("z") {
            offset = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), offsetHours <= 14 else { return .failure(.malformed) }
            _ = expect(":")
            guard let offsetMinutes = number(2), offsetMinutes < 60 else { return .failure(.malformed) }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return .failure(.malformed)
        }
        guard index == bytes.count else { return .failure(.malformed) }
        let days = CivilTime.daysSince1970(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return .success(Timestamp(secondsSince1970: local - Int64(offset), utcOffsetSeconds: offset))
    }
}

/// Proleptic Gregorian calendar arithmetic in UTC, without Foundation's calendars: fast, and the same
/// on every machine whatever its locale or time zone.
package struct CivilTime {
    package var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    package init(secondsSince1970: Int64) {
        let days = Int(secondsSince1970.floorDivided(by: 86_400))
        let secondsOfDay = Int(secondsSince1970 - Int64(days) * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
    }

    package static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    package var dayString: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendDay(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-11-20T14:05:09Z`. Written digit by digit: a build formats hundreds of thousands of
    /// these (every page, feed entry and API object carries times), and string interpolation of
    /// padded numbers was a visible part of it.
    var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        appendDay(to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.append(hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(minute, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(second, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func appendDay(to bytes: inout [UInt8]) {
        Self.append(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(day, width: 2, to: &bytes)
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    package static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        guard value >= 0 else {
            let digits = String(value)
            bytes += repeatElement(UInt8(ascii: "0"), count: max(0, width - digits.utf8.count))
            bytes += digits.utf8
            return
        }
        var divisor = 1
        var count = 1
        while value / divisor >= 10 {
            divisor *= 10
            count += 1
        }
        bytes += repeatElement(UInt8(ascii: "0"), count: max(0, width - count))
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

extension Int64 {
    package func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension CivilTime {
    package static func daysSince1970(secondsSince1970: Int64) -> Int {
        Int(secondsSince1970.floorDivided(by: 86_400))
    }

    /// English month names, January first: pages, feeds and e-mail show dates in English whatever
    /// the machine's locale.
    package static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]
    private static let monthAbbreviations = monthNames.map { String($0.prefix(3)) }

    /// `Jan` … `Dec` for 1 … 12, as RFC 5322 and RFC 822 dates write them.
    package static func monthAbbreviation(_ month: Int) -> String { monthAbbreviations[month - 1] }
}
