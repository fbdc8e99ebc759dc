/// The 90-day bar: one mark per day, coloured by the worst declared state that day, as inline SVG
/// with a `<title>` per mark and a text summary for screen readers. Rendered at build time; no
/// script is needed to read it. The summary sentence is written once, as hidden text after the
/// SVG; the SVG's own label stays short because the overview repeats it for every component.
enum UptimeBar {
    static func svg(days: [StatusSnapshot.DayMark], label: String) -> String {
        let width = 4
        let gap = 1
        let total = days.count * (width + gap) - gap
        var marks = ""
        for (index, day) in days.enumerated() {
            let x = index * (width + gap)
            let word = Presentation.word(day.state).lowercased()
            let stateClass = day.state == .operational ? "" : " class=\"d-\(day.state.rawValue)\""
            marks += "<rect x=\"\(x)\" width=\"\(width)\" height=\"20\"\(stateClass)><title>\(day.day): \(word)</title></rect>"
        }
        let troubled = days.filter { $0.state != .operational }
        let summary: String
        if troubled.isEmpty {
            summary = "No incidents or maintenance declared in the last \(days.count) days."
        } else {
            let worst = troubled.map(\.state).max() ?? .operational
            summary = "\(troubled.count) of the last \(days.count) days had declared problems or maintenance; the worst was \(Presentation.word(worst).lowercased())."
        }
        let escapedLabel = HTMLText.escape(label)
        return "<svg class=\"bar\" viewBox=\"0 0 \(total) 20\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(escapedLabel)\">\(marks)</svg>"
            + "<p class=\"visually-hidden\">\(escapedLabel): \(summary)</p>"
    }
}

/// Escaping for the few HTML fragments built in Swift (icons, bars); everything else is escaped by
/// Mustache's `{{…}}`.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
