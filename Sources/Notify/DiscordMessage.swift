internal import Site
internal import Model

/// A Discord webhook message for an event: one embed (the headline linking to the page, the update
/// text, the facts as fields, the kind in the footer, the time as its timestamp, a colour by tone)
/// and a one-line `content` that push notifications show.
///
/// Within Discord's limits by construction, counted in UTF-16 code units (never fewer than what
/// Discord counts): `content` 2000, title 256, description 4096, at most 25 fields of name 256 and
/// value 1024, footer 2048, and 6000 for all the embed's text together, which the description gives
/// way to. Cuts end in `…` and fall between graphemes.
///
/// Content cannot ping or format: `allowed_mentions` is empty (Discord then notifies nobody,
/// whatever the text says), and the text itself is neutralised as well, for clients that still
/// highlight mentions: a zero-width space after every `<` (user, role and channel mentions, custom
/// emoji, timestamps) and after the `@` of `@everyone` and `@here`, and a backslash before Discord's
/// Markdown (`* _ ~ ` | [ ] \`, and `# > - +` or `1.` at the start of a line). Web links
/// `[label](https://…)` and bare `https://` addresses stay links; `**bold**` stays bold.
enum DiscordMessage: ChatMessage {
    /// Discord's limits on a webhook message, in UTF-16 code units.
    enum Limit {
        static let content = 2000, title = 256, description = 4096, fieldName = 256, fieldValue = 1024, footer = 2048
        /// Title, description, field names and values, footer: all the text of one embed.
        static let embed = 6000
    }

    static func payload(for event: NotificationEvent) -> APIJSON {
        let subject = event.subject
        let title = InlineMarkup.plain(EventWording.heading(event), in: markup, limit: Limit.title, unit: .utf16)
        let facts = EventWording.facts(event)
        let footer = BoundedText.fitted(EventWording.context(event, time: false), to: Limit.footer, in: .utf16)
        let names = facts.map { BoundedText.fitted($0.label, to: Limit.fieldName, in: .utf16) }
        let text = String(subject.text.trimmingWhitespace())
        // The 6000 of the whole embed: title, footer and names first, then the values, each keeping
        // at least its `…`, with some room held back for the description, which gets the rest.
        let fixed = ([title, footer] + names).reduce(0) { $0 + $1.utf16.count }
        let room = Limit.embed - fixed - min(text.utf16.count, Limit.description / 4)
        var values = 0
        var fields: [APIJSON] = []
        for (index, fact) in facts.enumerated() {
            let limit = max(1, min(Limit.fieldValue, room - values - (facts.count - index - 1)))
            let value = fact.value.isEmpty ? "—" : InlineMarkup.plain(fact.value, in: markup, limit: limit, unit: .utf16)
            values += value.utf16.count
            fields.append(.object(["name": .string(names[index]), "value": .string(value),
                                   "inline": .bool(fact.label != "Components" && fact.label != "References")]))
        }
        var embed: [String: APIJSON] = [
            "title": .string(title),
            "url": .string(subject.url),
            "color": .integer(color(EventWording.tone(event))),
            "timestamp": .time(event.occurredAt),
            "fields": .array(fields),
            "footer": .object(["text": .string(footer)]),
        ]
        let descriptionRoom = min(Limit.description, Limit.embed - fixed - values)
        if !text.isEmpty, descriptionRoom > 1 {
            embed["description"] = .string(InlineMarkup.render(text, in: markup, limit: descriptionRoom, unit: .utf16))
        }
        return .object([
            "content": .string(InlineMarkup.plain("\(EventWording.icon(event)) \(EventWording.summary(event))", in: markup,
                                                  limit: Limit.content, unit: .utf16)),
            "embeds": .array([.object(embed)]),
            "allowed_mentions": .object(["parse": .array([])]),
        ])
    }

    /// The embed's left border, by tone.
    static func color(_ tone: EventWording.Tone) -> Int64 {
        switch tone {
        case .done: 0x2E_CC_71
        case .reminder, .maintenance, .informational: 0x34_98_DB
        case .cancelled: 0x95_A5_A6
        case .majorOutage: 0xE7_4C_3C
        case .partialOutage: 0xE6_7E_22
        case .degraded: 0xF1_C4_0F
        }
    }

    static let markup = InlineMarkup.Dialect(
        escaping: InlineMarkup.Escaping(
            backslashed: ["\\", "*", "_", "~", "`", "|", "[", "]"],
            atLineStart: ["#", ">", "-", "+"],
            broken: ["<", "@everyone", "@here"]),
        bold: "**",
        link: { label, url in "[\(label)](\(url))" },
        address: { $0 })
}
