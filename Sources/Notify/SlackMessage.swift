internal import Foundation
internal import Site
internal import Model

/// A Slack incoming-webhook message for an event: Block Kit for people, `text` for notifications
/// and clients that cannot show blocks.
///
/// Slack's limits are kept by construction: a header of at most 150 characters, sections of at most
/// 3000, fields of at most 2000, and six blocks in all (far below 50).
enum SlackMessage: ChatMessage {
    static let headerLimit = 150
    static let sectionLimit = 3000
    static let fieldLimit = 2000

    static func payload(for event: NotificationEvent) -> APIJSON {
        let subject = event.subject
        var blocks: [APIJSON] = [
            .object([
                "type": .string("header"),
                "text": plainText(EventWording.truncated(EventWording.heading(event), to: headerLimit)),
            ]),
            .object([
                "type": .string("section"),
                "fields": .array(EventWording.facts(event).map { mrkdwn(EventWording.truncated("*\($0.label)*\n\(escaped($0.value))", to: fieldLimit)) }),
            ]),
        ]
        let text = subject.text.trimmingWhitespace()
        if !text.isEmpty {
            blocks.append(.object(["type": .string("section"),
                                   "text": mrkdwn(InlineMarkup.render(String(text), in: markup, limit: sectionLimit, unit: .characters))]))
        }
        blocks.append(.object([
            "type": .string("context"),
            "elements": .array([mrkdwn(EventWording.context(event))]),
        ]))
        blocks.append(.object([
            "type": .string("actions"),
            "elements": .array([.object([
                "type": .string("button"),
                "text": plainText(EventWording.viewLabel(event)),
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

    /// Our Markdown in Slack's dialect: `**bold**` becomes `*bold*`, and `[label](https://…)`
    /// becomes `<https://…|label>`. Only http(s) links become links; Slack's three control
    /// characters are escaped everywhere else, so content cannot forge `<!channel>` mentions or
    /// links of its own, and everything else in mrkdwn is shown as typed.
    static let escaping = InlineMarkup.Escaping(replaced: ["&": "&amp;", "<": "&lt;", ">": "&gt;"])

    static let markup = InlineMarkup.Dialect(
        escaping: escaping,
        bold: "*",
        link: { label, url in "<\(escaped(url))|\(label.replacingOccurrences(of: "|", with: "¦"))>" },
        address: { _ in nil })

    static func escaped(_ text: String) -> String {
        InlineMarkup.escaped(text, escaping).map(\.text).joined()
    }
}
