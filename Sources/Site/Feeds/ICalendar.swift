internal import Model

/// An iCalendar (RFC 5545) file of events, published for subscription (`METHOD:PUBLISH`).
///
/// Writing rules that clients are strict about:
/// - lines end in CRLF;
/// - TEXT values escape `\`, `;`, `,` and newlines (`\n`), and carry no control characters;
/// - content lines longer than 75 octets are folded (CRLF + one space), never inside a UTF-8 sequence.
struct ICalendar: Sendable {
    struct Event: Sendable {
        /// Globally unique and permanent: `<maintenance-id>@<host>`.
        var uid: String
        /// When this version of the event was made: derived from content, never the wall clock.
        var stamp: Timestamp
        var start: Timestamp
        var end: Timestamp
        var summary: String
        var description: String
        var url: String
        /// Bumped whenever the event changes, so clients replace their copy.
        var sequence: Int
        var cancelled: Bool
        var categories: [String]
    }

    var name: String
    var description: String
    var events: [Event]

    static let productID = "-//canton-status//Canton Network Status//EN"

    func render() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:\(Self.productID)",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.text(name))",
            "X-WR-CALDESC:\(Self.text(description))",
            "NAME:\(Self.text(name))",
            // RFC 7986: how often subscribers should refresh; windows are announced days ahead.
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(Self.text(event.uid))",
                "DTSTAMP:\(FeedTime.iCalendar(event.stamp))",
                "DTSTART:\(FeedTime.iCalendar(event.start))",
                "DTEND:\(FeedTime.iCalendar(event.end))",
                "SUMMARY:\(Self.text(event.summary))",
                "DESCRIPTION:\(Self.text(event.description))",
                "URL:\(Self.uri(event.url))",
                "SEQUENCE:\(event.sequence)",
                "STATUS:\(event.cancelled ? "CANCELLED" : "CONFIRMED")",
                // Maintenance happens to a network, not to the subscriber: never show them as busy.
                "TRANSP:TRANSPARENT",
            ]
            if !event.categories.isEmpty {
                lines.append("CATEGORIES:" + event.categories.map(Self.text).joined(separator: ","))
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map { Self.fold($0) + "\r\n" }.joined()
    }

    /// A TEXT value (RFC 5545 §3.3.11): cleaned of control characters, with `\` `;` `,` and newlines escaped.
    static func text(_ value: String) -> String {
        FeedText.replacingASCII(in: FeedText.clean(value)) { byte in
            switch byte {
            case UInt8(ascii: "\\"): "\\\\"
            case UInt8(ascii: ";"): "\\;"
            case UInt8(ascii: ","): "\\,"
            case UInt8(ascii: "\n"): "\\n"
            default: nil
            }
        }
    }

    /// A URI value: no escaping applies, so characters that would end or break the line are removed.
    static func uri(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: FeedText.clean(value).unicodeScalars.filter { $0 != "\n" && $0 != "\t" && $0 != " " })
        return String(result)
    }

    /// Folds a content line so that no physical line exceeds 75 octets, not counting the CRLF: the first
    /// line holds up to 75 octets, each continuation a space and up to 74. Breaks fall between Unicode
    /// scalars, so a multi-byte UTF-8 sequence is never split (§3.1).
    static func fold(_ line: String, limit: Int = 75) -> String {
        guard line.utf8.count > limit else { return line }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count + line.utf8.count / 20 * 3)
        var lineOctets = 0
        var capacity = limit
        var scalar: [UInt8] = []
        /// Appends the scalar collected so far, starting a continuation line first if it does not fit.
        func flush() {
            if lineOctets + scalar.count > capacity {
                bytes.append(contentsOf: "\r\n ".utf8)
                lineOctets = 0
                capacity = limit - 1
            }
            bytes += scalar
            lineOctets += scalar.count
            scalar.removeAll(keepingCapacity: true)
        }
        for byte in line.utf8 {
            // A byte 10xxxxxx continues the current scalar; any other starts a new one.
            if byte & 0xC0 != 0x80, !scalar.isEmpty { flush() }
            scalar.append(byte)
        }
        flush()
        return String(decoding: bytes, as: UTF8.self)
    }
}
