@testable import Notify
import Foundation
import Testing
internal import Model
internal import Site

/// The Discord webhook body: its limits, counted as Discord's stricter clients count, and text that
/// can neither ping nor format.
@Suite struct DiscordMessageTests {
    static func payload(_ event: NotificationEvent) throws -> [String: Any] {
        let json = DiscordMessage.payload(for: event).encoded()
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func embed(_ event: NotificationEvent) throws -> [String: Any] {
        let embeds = try #require(try payload(event)["embeds"] as? [[String: Any]])
        #expect(embeds.count == 1)
        return try #require(embeds.first)
    }

    static func units(_ value: Any?) -> Int { (value as? String)?.utf16.count ?? 0 }

    /// Everything Discord adds up against the 6000 of an embed.
    static func embedText(_ embed: [String: Any]) -> Int {
        let fields = (embed["fields"] as? [[String: Any]]) ?? []
        return units(embed["title"]) + units(embed["description"]) + units((embed["footer"] as? [String: Any])?["text"])
            + fields.reduce(0) { $0 + units($1["name"]) + units($1["value"]) }
    }

    @Test func anOrdinaryIncidentReadsAsOneEmbed() throws {
        let event = NotificationMessageTests.event()
        let payload = try Self.payload(event)
        let embed = try Self.embed(event)
        #expect(payload["content"] as? String == "🔴 \\[MainNet\\] Investigating: Scan errors")
        #expect((payload["allowed_mentions"] as? [String: Any])?["parse"] as? [Any] != nil)
        #expect(((payload["allowed_mentions"] as? [String: Any])?["parse"] as? [Any])?.isEmpty == true)
        #expect(embed["title"] as? String == "🔴 Investigating: Scan errors")
        #expect(embed["url"] as? String == "https://status.example.org/incidents/2026-11-24-scan-errors.html")
        #expect(embed["description"] as? String == "We are **investigating**.")
        #expect(embed["timestamp"] as? String == "2026-11-24T10:00:00Z")
        #expect(embed["color"] as? Int == 0xE7_4C_3C)
        #expect((embed["footer"] as? [String: Any])?["text"] as? String == "incident.created")
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == ["Status", "Impact", "Networks", "Components"])
        #expect(fields.map { $0["value"] as? String } == ["Investigating", "Major outage", "MainNet", "Scan API (major outage)"])
        #expect(fields.map { $0["inline"] as? Bool } == [true, true, true, false])
    }

    @Test func staysWithinEveryLimitWhateverTheContent() throws {
        var event = NotificationMessageTests.event(title: String(repeating: "Very long title ", count: 40),
                                                   text: String(repeating: "word ", count: 2_000))
        event.subject.components = (1...60).map {
            NotificationEvent.AffectedComponent(id: "c\($0)", name: String(repeating: "Component \($0) ", count: 8), state: .partialOutage)
        }
        event.subject.references = (1...300).map { "CIP-\($0)" }
        let payload = try Self.payload(event)
        let embed = try Self.embed(event)
        let fields = try #require(embed["fields"] as? [[String: Any]])

        #expect(Self.units(payload["content"]) <= DiscordMessage.Limit.content)
        #expect(Self.units(embed["title"]) == DiscordMessage.Limit.title)
        #expect((embed["title"] as? String)?.hasSuffix("…") == true)
        #expect(Self.units(embed["description"]) <= DiscordMessage.Limit.description)
        #expect((embed["description"] as? String)?.hasSuffix("…") == true)
        #expect(fields.count <= 25)
        #expect(fields.allSatisfy { Self.units($0["name"]) <= 256 && (1...1024).contains(Self.units($0["value"])) })
        #expect(Self.units(fields.first { $0["name"] as? String == "Components" }?["value"]) == 1024)
        #expect(Self.embedText(embed) <= DiscordMessage.Limit.embed, "\(Self.embedText(embed))")
    }

    @Test func aLongUpdateFillsTheDescriptionToItsLimit() throws {
        let embed = try Self.embed(NotificationMessageTests.event(text: String(repeating: "word ", count: 2_000)))
        #expect(Self.units(embed["description"]) == DiscordMessage.Limit.description)
    }

    @Test func cutsNeverSplitASurrogatePairOrAGrapheme() throws {
        // Each family is 8 UTF-16 units (three surrogate pairs, two joiners), each flag 4, each "é" 2
        // (a combining accent): no cut may leave half of one.
        for unit in ["👩‍👩‍👧", "🇨🇭", "e\u{301}", "𝄞"] {
            let embed = try Self.embed(NotificationMessageTests.event(title: String(repeating: unit, count: 200),
                                                                      text: String(repeating: unit, count: 3_000)))
            for (key, prefix) in [("title", "🔴 Investigating: "), ("description", "")] {
                let text = try #require(embed[key] as? String)
                #expect(text.hasSuffix("…"))
                let kept = String(text.dropLast())
                #expect(kept.hasPrefix(prefix) && Array(kept.dropFirst(prefix.count)).allSatisfy { String($0) == unit },
                        "\(key) cut inside \(unit.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test func contentCanNeitherPingNorFormat() throws {
        let text = """
            @everyone @here <@123> <@!42> <@&456> <#789> **bold** _x_ `code` ~~s~~ ||spoiler|| a\\b
            > quote
            # Heading
             - item
            12. item [runbook](https://docs.example.org/x) [bad](javascript:alert(1)) see https://example.org/a_b.
            """
        let embed = try Self.embed(NotificationMessageTests.event(title: "@everyone <@123> *urgent*", text: text))
        #expect(embed["description"] as? String == """
            @\u{200B}everyone @\u{200B}here <\u{200B}@123> <\u{200B}@!42> <\u{200B}@&456> <\u{200B}#789> **bold** \\_x\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| a\\\\b
            \\> quote
            \\# Heading
             \\- item
            12\\. item [runbook](https://docs.example.org/x) \\[bad\\](javascript:alert(1)) see https://example.org/a_b.
            """)
        #expect(embed["title"] as? String == "🔴 Investigating: @\u{200B}everyone <\u{200B}@123> \\*urgent\\*")
        let content = try #require(try Self.payload(NotificationMessageTests.event(title: "@here now"))["content"] as? String)
        #expect(content == "🔴 \\[MainNet\\] Investigating: @\u{200B}here now")
    }

    @Test func aCutInsideBoldClosesIt() throws {
        let embed = try Self.embed(NotificationMessageTests.event(text: "**" + String(repeating: "loud ", count: 1_000) + "**"))
        let description = try #require(embed["description"] as? String)
        #expect(description.hasPrefix("**loud") && description.hasSuffix("**…"))
        #expect(description.utf16.count <= DiscordMessage.Limit.description)
    }

    @Test func aRateLimitsJSONBodySaysHowLongToWait() {
        let body = Array(#"{"message": "You are being rate limited.", "retry_after": 0.35, "global": false}"#.utf8)
        #expect(DeliveryOutcome.http(status: 429, retryAfter: nil, body: body) == .failed(reason: "HTTP 429", retryAfter: 1))
        #expect(DeliveryOutcome.http(status: 429, retryAfter: "3", body: body) == .failed(reason: "HTTP 429", retryAfter: 3),
                "the header wins")
        #expect(DeliveryOutcome.http(status: 503, retryAfter: nil, body: body) == .failed(reason: "HTTP 503"))
        #expect(DeliveryOutcome.http(status: 429, retryAfter: nil, body: Array("slow down".utf8)) == .failed(reason: "HTTP 429"))
        #expect(DeliveryOutcome.http(status: 429, retryAfter: nil, body: Array(#"{"retry_after": -2}"#.utf8)) == .failed(reason: "HTTP 429"))
        #expect(DeliveryOutcome.http(status: 204, retryAfter: nil) == .delivered)
    }
}
