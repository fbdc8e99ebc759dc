internal import Foundation
internal import Site
internal import Model

/// A Slack incoming-webhook message for an event: Block Kit for people, `text` for notifications
/// and clients that cannot show blocks.
///
/// Slack's limits are kept by construction: a header of at most 150 characters, sections of at most
/// 3000, fields of at most 2000, and six blocks in all (far below 50).
enum SlackMessage {
    static let headerLimit = 150
    static let sectionLimit = 3000
    static let fieldLimit = 2000

    static func payload(for event: NotificationEvent) -> APIJSON {
        let subject = event.subject
        var fields: [(String, String)] = [("Status", EventWording.status(event))]
        if subject.kind == .maintenance, let window = EventWording.window(event) {
            fields.append(("Window", window))
            fields.append(("Expected impact", EventWording.impact(subject.impact)))
        } else {
            fields.append(("Impact", EventWording.impact(subject.impact)))
        }
        fields.append(("Networks", EventWording.networks(event)))
        if !subject.components.isEmpty { fields.append(("Components", EventWording.components(event))) }
        if !subject.references.isEmpty { fields.append(("References", subject.references.joined(separator: ", "))) }

        var blocks: [APIJSON] = [
            .object([
                "type": .string("header"),
                "text": plainText(EventWording.truncated(
                    EventWording.singleLine("\(EventWording.icon(event)) \(EventWording.headline(event)): \(subject.title)"), to: headerLimit)),
            ]),
            .object([
                "type": .string("section"),
                "fields": .array(fields.map { mrkdwn(EventWording.truncated("*\($0.0)*\n\(escaped($0.1))", to: fieldLimit)) }),
            ]),
        ]
        let text = subject.text.trimmingWhitespace()
        if !text.isEmpty {
            blocks.append(.object(["type": .string("section"), "text": mrkdwn(EventWording.truncated(markdownToMrkdwn(String(text)), to: sectionLimit))]))
        }
        blocks.append(.object([
            "type": .string("context"),
            "elements": .array([mrkdwn("\(FeedTime.readable(event.occurredAt)) · \(event.kind.rawValue)\(subject.automated ? " · detected by probes" : "")")]),
        ]))
        blocks.append(.object([
            "type": .string("actions"),
            "elements": .array([.object([
                "type": .string("button"),
                "text": plainText(subject.kind == .incident ? "View incident" : "View maintenance"),
                "url": .string(subject.url),
            ])]),
        ]))
        return .object([
            "text": .string(escaped("\(EventWording.icon(event)) \(EventWording.summary(event)) — \(subject.url)")),
            "blocks": .array(blocks),
            "unfurl_links": .bool(false),
        ])
    }

    private static func plainText(_ text: String) -> APIJSON {
        .object(["type": .string("plain_text"), "text": .string(text), "emoji": .bool(true)])
    }

    private static func mrkdwn(_ text: String) -> APIJSON {
        .object(["type": .string("mrkdwn"), "text": .string(text)])
    }

    /// Slack's three control characters; everything else in mrkdwn is shown as typed.
    static func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Our Markdown in Slack's dialect: `**bold**` becomes `*bold*`, and `[label](https://…)`
    /// becomes `<https://…|label>`. Only http(s) links become links; every other character is
    /// escaped, so content cannot forge `<!channel>` mentions or links of its own.
    static func markdownToMrkdwn(_ markdown: String) -> String {
        var output = ""
        var rest = Substring(markdown)
        while let open = rest.firstIndex(of: "[") {
            output += escaped(String(rest[..<open]))
            let afterOpen = rest[rest.index(after: open)...]
            if let close = afterOpen.firstIndex(of: "]"),
               afterOpen[close...].hasPrefix("]("),
               let end = afterOpen[close...].firstIndex(of: ")") {
                let label = afterOpen[..<close]
                let url = afterOpen[afterOpen.index(close, offsetBy: 2)..<end]
                let isWeb = url.hasPrefix("https://") || url.hasPrefix("http://")
                if isWeb, !url.contains(where: { $0 == " " || $0 == "|" || $0 == "<" || $0 == ">" }), !label.contains("\n") {
                    output += "<\(escaped(String(url)))|\(escaped(label.replacingPipes()))>"
                    rest = afterOpen[afterOpen.index(after: end)...]
                    continue
                }
            }
            output += "["
            rest = afterOpen
        }
        output += escaped(String(rest))
        return output.replacingBold()
    }
}

private extension Substring {
    func replacingPipes() -> String { String(map { $0 == "|" ? "¦" : $0 }) }
}

private extension String {
    /// `**x**` (Markdown bold) to `*x*` (Slack bold).
    func replacingBold() -> String {
        var output = ""
        var rest = Substring(self)
        while let range = rest.range(of: "**") {
            output += rest[..<range.lowerBound] + "*"
            rest = rest[range.upperBound...]
        }
        return output + rest
    }
}
