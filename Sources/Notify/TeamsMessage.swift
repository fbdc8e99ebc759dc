internal import Site
internal import Model

/// A Microsoft Teams message for an event, as a Workflows webhook ("When a Teams webhook request is
/// received") posts it to a channel: a `message` whose one attachment is an Adaptive Card 1.4 (the
/// version every Teams client renders): a headline TextBlock coloured by tone, the time and kind in
/// small print, a FactSet (status, impact or window, networks, components, references), the update
/// text, and an `Action.OpenUrl` button to the incident's or window's page.
///
/// Teams refuses messages over 28 KB, so the whole body is kept below that: the headline and each
/// fact are bounded, and the update text gets the room left, counted in the bytes it takes in the
/// JSON.
///
/// TextBlocks and facts render a subset of Markdown, so content is escaped for it: a backslash
/// before `\ * _ [ ]` and before `- + # >` or the `.` of `1.` at the start of a line; a zero-width
/// space after every `<` (no tag or `<at>` mention) and inside `{{` (no `{{DATE(…)}}` function).
/// Web links `[label](https://…)` and bare `https://` addresses become links; `**bold**` stays bold.
enum TeamsMessage: ChatMessage {
    static let cardVersion = "1.4"
    /// Teams' limit for a message, with some room for the envelope Workflows adds.
    static let maximumSize = 28 * 1024 - 512
    static let headlineLimit = 1024
    static let factLimit = 2048

    static func payload(for event: NotificationEvent) -> APIJSON {
        let subject = event.subject
        let headline = InlineMarkup.plain(EventWording.heading(event), in: markup, limit: headlineLimit, unit: .jsonBytes)
        let facts = EventWording.facts(event).map { fact in
            APIJSON.object(["title": .string(fact.label),
                            "value": .string(InlineMarkup.plain(fact.value, in: markup, limit: factLimit, unit: .jsonBytes))])
        }
        var body: [APIJSON] = [
            textBlock(headline, ["size": .string("Medium"), "weight": .string("Bolder"), "color": .string(color(EventWording.tone(event)))]),
            textBlock(EventWording.context(event), ["size": .string("Small"), "isSubtle": .bool(true), "spacing": .string("None")]),
            .object(["type": .string("FactSet"), "facts": .array(facts)]),
        ]
        let actions = APIJSON.array([.object([
            "type": .string("Action.OpenUrl"),
            "title": .string(EventWording.viewLabel(event)),
            "url": .string(subject.url),
        ])])
        let text = String(subject.text.trimmingWhitespace())
        if !text.isEmpty {
            // The room left once everything else, and an empty text block, is in place.
            let room = maximumSize - message(body + [textBlock("", [:])], actions: actions).encoded().utf8.count
            if room > 1 {
                body.append(textBlock(InlineMarkup.render(text, in: markup, limit: room, unit: .jsonBytes), [:]))
            }
        }
        return message(body, actions: actions)
    }

    private static func message(_ body: [APIJSON], actions: APIJSON) -> APIJSON {
        .object([
            "type": .string("message"),
            "attachments": .array([.object([
                "contentType": .string("application/vnd.microsoft.card.adaptive"),
                "contentUrl": .null,
                "content": .object([
                    "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"),
                    "type": .string("AdaptiveCard"),
                    "version": .string(cardVersion),
                    "body": .array(body),
                    "actions": actions,
                ]),
            ])]),
        ])
    }

    private static func textBlock(_ text: String, _ style: [String: APIJSON]) -> APIJSON {
        .object(style.merging(["type": .string("TextBlock"), "text": .string(text), "wrap": .bool(true)]) { _, new in new })
    }

    /// The headline's colour, by tone: one of the card's named colours.
    static func color(_ tone: EventWording.Tone) -> String {
        switch tone {
        case .done: "Good"
        case .reminder, .maintenance, .informational: "Accent"
        case .cancelled: "Default"
        case .majorOutage, .partialOutage: "Attention"
        case .degraded: "Warning"
        }
    }

    static let escaping = InlineMarkup.Escaping(
        backslashed: ["\\", "*", "_", "[", "]"],
        atLineStart: ["#", ">", "-", "+"],
        broken: ["<", "{{"])

    static let markup = InlineMarkup.Dialect(
        escaping: escaping,
        bold: "**",
        link: { label, url in "[\(label)](\(url))" },
        // As a link of its own: Teams would read `_` or `*` in a bare address as emphasis.
        address: { address in
            address.contains(where: { "()[]".contains($0) }) ? nil
                : "[\(InlineMarkup.escaped(address, escaping).map(\.text).joined())](\(address))"
        })
}
