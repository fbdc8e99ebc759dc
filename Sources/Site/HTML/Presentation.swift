internal import Model

/// How states, times and durations are shown on the page: words, icons and UTC text.
enum Presentation {
    /// The banner sentence for a network in this state.
    static func summary(_ state: ComponentState) -> String {
        switch state {
        case .operational: "all systems operational"
        case .underMaintenance: "maintenance in progress"
        case .degradedPerformance: "degraded performance"
        case .partialOutage: "partial outage"
        case .majorOutage: "major outage"
        }
    }

    /// A small inline SVG, one shape per state, so the state reads without colour.
    static func icon(_ state: ComponentState) -> SafeHTML {
        let shape = switch state {
        case .operational: "<path d=\"M6.2 11.4 2.8 8l-1.3 1.3 4.7 4.7 8.4-8.4-1.3-1.3z\"/>"
        case .underMaintenance: "<path d=\"M14.6 4.2 12 6.8 9.2 4l2.6-2.6A4 4 0 0 0 6.6 6.3L1.3 11.6a1.4 1.4 0 0 0 2 2l5.3-5.3a4 4 0 0 0 6-4.1z\"/>"
        case .degradedPerformance: "<path d=\"M8 1 1 15h14zm-.8 5h1.6v4.5H7.2zm0 5.7h1.6v1.6H7.2z\"/>"
        case .partialOutage: "<path d=\"M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.9 3h1.8v5H7.1zm0 6h1.8v1.8H7.1z\"/>"
        case .majorOutage: "<path d=\"M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm3.2 9-1.2 1.2L8 9.2l-2 2-1.2-1.2 2-2-2-2L6 4.8l2 2 2-2L11.2 6l-2 2z\"/>"
        }
        return SafeHTML("<svg class=\"icon\" viewBox=\"0 0 16 16\" aria-hidden=\"true\" focusable=\"false\">\(shape)</svg>")
    }

    /// `{iso, text, html}`: `2026-11-20T14:05:00Z` for `<time datetime>`, `20 Nov 2026, 14:05 UTC`
    /// to read, and the two as one `<time>` element. Templates place the element with
    /// `{{{start.html}}}`: a page shows a dozen times and every `{{…}}` costs a lookup, so the element
    /// is one lookup instead of two. Both parts are digits, ASCII letters and punctuation made here,
    /// never content, so nothing in them needs escaping.
    static func time(_ time: Timestamp) -> TemplateNode {
        let iso = time.description
        let text = text(time)
        return ["iso": iso, "text": text, "html": TimeElement(iso: iso, text: text)]
    }

    static func text(_ time: Timestamp) -> String {
        let civil = CivilTime(secondsSince1970: time.secondsSince1970)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        CivilTime.append(civil.day, width: 1, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes += CivilTime.monthAbbreviation(civil.month).utf8
        bytes.append(UInt8(ascii: " "))
        CivilTime.append(civil.year, width: 1, to: &bytes)
        bytes += ", ".utf8
        CivilTime.append(civil.hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CivilTime.append(civil.minute, width: 2, to: &bytes)
        bytes += " UTC".utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `1 h 16 min`, `2 d 3 h`, `45 min`, `under a minute`: two units at most.
    static func duration(seconds: Int64) -> String {
        if seconds < 60 { return "under a minute" }
        let minutes = seconds / 60
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return rest > 0 ? "\(hours) h \(rest) min" : "\(hours) h" }
        return "\(rest) min"
    }

    /// `99.95 %`; never rounds a loss up to `100 %`.
    static func percentage(_ fraction: Double) -> String {
        if fraction >= 1 { return "100 %" }
        let hundredths = (fraction * 10_000).rounded(.down) / 100
        let text = String(hundredths)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " %"
    }

    static func incidentStatus(_ status: IncidentStatus?) -> String {
        switch status {
        case .investigating: "Investigating"
        case .identified: "Identified"
        case .monitoring: "Monitoring"
        case .resolved: "Resolved"
        case nil: "Reported"
        }
    }

    static func maintenanceStatus(_ status: MaintenanceStatus) -> String {
        switch status {
        case .scheduled: "Scheduled"
        case .inProgress: "In progress"
        case .verifying: "Verifying"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        }
    }

    /// A link for a reference such as `CIP-0089`; other references are shown as text
    /// (URLs are linked only when they are http(s)).
    static func reference(_ text: String) -> TemplateNode {
        let upper = text.uppercased()
        if upper.hasPrefix("CIP-"), upper.dropFirst(4).allSatisfy(\.isNumber), upper.count > 4 {
            let number = String(upper.dropFirst(4))
            let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
            return ["text": text, "href": "https://github.com/global-synchronizer-foundation/cips/blob/main/cip-\(padded)/cip-\(padded).md"]
        }
        if URLText.isAbsoluteHTTP(text) { return ["text": text, "href": text] }
        return ["text": text]
    }
}
