internal import Model
internal import Status

/// A status badge for one component on one network: "MainNet Scan API | operational".
///
/// Two forms, both static files:
/// - a shields.io endpoint JSON (`SitePaths.badgeEndpoint`), for READMEs that want shields' styles:
///   `https://img.shields.io/endpoint?url=<absolute URL of the JSON>`;
/// - a self-contained SVG (`SitePaths.badgeSVG`) in shields' flat style, for anyone who would rather
///   not depend on a third party: no scripts, no fonts, no links, no external references; a `<title>`
///   and `aria-label` carry the text for screen readers; the state is a word, not only a colour.
///
/// The SVG's widths come from the text: each character's advance in Verdana 11 px (the font shields
/// measures with), so a long component name gets a wide badge; `textLength` makes a fallback font fit.
struct StatusBadge: Sendable, Equatable {
    var label: String
    var state: ComponentState

    init(label: String, state: ComponentState) {
        self.label = label
        self.state = state
    }

    init(component: StatusSnapshot.ComponentStatus, environment: Network) {
        self.init(label: "\(environment.name) \(component.component.name)", state: component.state)
    }

    /// The state as words: "degraded performance".
    var message: String { state.phrase }

    /// Shields' named colour for the state, for the endpoint JSON.
    var shieldsColor: String {
        switch state {
        case .operational: "brightgreen"
        case .underMaintenance: "blue"
        case .degradedPerformance: "yellow"
        case .partialOutage: "orange"
        case .majorOutage: "red"
        }
    }

    /// The message background in the SVG. Darker than shields' palette so the white text keeps a
    /// contrast of at least 4.5:1 (WCAG AA).
    var svgColor: String {
        switch state {
        case .operational: "#1a7f37"
        case .underMaintenance: "#0969da"
        case .degradedPerformance: "#8a6300"
        case .partialOutage: "#b35900"
        case .majorOutage: "#cf222e"
        }
    }

    /// `{"schemaVersion": 1, "label": …, "message": …, "color": …}`, with shields' five-minute cache
    /// floor, as often as probes run. The label is on one line, as in the SVG.
    var endpointJSON: String {
        APIJSON.object([
            "schemaVersion": .integer(1),
            "label": .string(Self.displayText(label)),
            "message": .string(message),
            "color": .string(shieldsColor),
            "cacheSeconds": .integer(300),
        ]).encoded()
    }

    var svg: String {
        let labelText = Self.displayText(label)
        let messageText = Self.displayText(message)
        let labelWidth = Self.textWidth(labelText) + 2 * Self.padding
        let messageWidth = Self.textWidth(messageText) + 2 * Self.padding
        let width = labelWidth + messageWidth
        // Each part escaped on its own: a direction override left open in the label is closed
        // before the message, never reversing it.
        let label = XMLEscaping.text(labelText)
        let message = XMLEscaping.text(messageText)
        let title = "\(label): \(message)"
        func text(_ escaped: String, center doubled: Int, length: Int) -> String {
            // `doubled` is twice the centre, so an odd width centres on a half pixel.
            let center = doubled % 2 == 0 ? "\(doubled / 2)" : "\(doubled / 2).5"
            return """
            <text x="\(center)" y="15" fill="#010101" fill-opacity=".3" textLength="\(length)" \
            lengthAdjust="spacingAndGlyphs" aria-hidden="true">\(escaped)</text>\
            <text x="\(center)" y="14" textLength="\(length)" lengthAdjust="spacingAndGlyphs">\(escaped)</text>
            """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(title)">\
            <title>\(title)</title>\
            <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
            <stop offset="1" stop-opacity=".1"/></linearGradient>\
            <clipPath id="r"><rect width="\(width)" height="20" rx="3" fill="#fff"/></clipPath>\
            <g clip-path="url(#r)"><rect width="\(labelWidth)" height="20" fill="#555"/>\
            <rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(svgColor)"/>\
            <rect width="\(width)" height="20" fill="url(#s)"/></g>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
            \(text(label, center: labelWidth, length: labelWidth - 2 * Self.padding))\
            \(text(message, center: 2 * labelWidth + messageWidth, length: messageWidth - 2 * Self.padding))\
            </g></svg>

            """
    }

    /// Space on each side of a text, in pixels.
    private static let padding = 5

    /// The text as a badge shows it: one line, so line breaks, tabs and other control characters
    /// become spaces (XML 1.0 forbids most of them even as character references).
    static func displayText(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let forbidden = scalar.properties.generalCategory == .control || [0xFFFE, 0xFFFF].contains(scalar.value)
            result.append(forbidden ? " " : scalar)
        }
        return String(result)
    }

    /// The width of `text` in Verdana 11 px, rounded up to whole pixels.
    static func textWidth(_ text: String) -> Int {
        // Summed in hundredths of a pixel, so float error cannot round 62.00 up to 63.
        var hundredths = 0
        for scalar in text.unicodeScalars {
            hundredths += Int((advance(scalar) * 100).rounded())
        }
        return (hundredths + 99) / 100
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Double {
        if scalar.value >= 0x20 && scalar.value < 0x7F {
            return asciiAdvances[Int(scalar.value - 0x20)]
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        // East Asian wide characters and emoji take about a full em.
        if scalar.properties.isEmojiPresentation || (0x1100...0x115F).contains(scalar.value)
            || (0x2E80...0xA4CF).contains(scalar.value) || (0xAC00...0xD7A3).contains(scalar.value)
            || (0xF900...0xFAFF).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
            || (0x20000...0x3FFFD).contains(scalar.value) {
            return 11
        }
        return 7
    }

    /// Advance widths of U+0020…U+007E in Verdana at 11 px, sixteen characters a row: space to `/`,
    /// `0` to `?`, `@` to `O`, `P` to `_`, `` ` `` to `o`, `p` to `~`.
    private static let asciiAdvances: [Double] = [
        3.87, 4.33, 5.05, 9.00, 7.00, 11.84, 7.99, 2.95, 4.99, 4.99, 7.00, 9.00, 4.00, 4.99, 4.00, 4.99,
        7.00, 7.00, 7.00, 7.00, 7.00, 7.00, 7.00, 7.00, 7.00, 7.00, 4.99, 4.99, 9.00, 9.00, 9.00, 6.00,
        11.00, 7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 5.00, 7.62, 6.12, 9.27, 8.23, 8.66,
        6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, 4.99, 4.99, 4.99, 9.00, 7.00,
        7.00, 6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.70, 6.96, 6.68,
        6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 8.98, 6.51, 6.51, 5.78, 6.98, 4.99, 6.98, 9.00,
    ]
}
