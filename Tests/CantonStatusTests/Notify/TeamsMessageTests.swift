@testable import Notify
import Foundation
import Testing
internal import Model
internal import Site

/// The Teams Workflows body: a message holding one Adaptive Card, under Teams' size limit, with
/// content that cannot format, link, mention or call a card function on its own.
@Suite struct TeamsMessageTests {
    static func json(_ event: NotificationEvent) -> String { TeamsMessage.payload(for: event).encoded() }

    static func card(_ event: NotificationEvent) throws -> [String: Any] {
        let message = try #require(try JSONSerialization.jsonObject(with: Data(json(event).utf8)) as? [String: Any])
        #expect(message["type"] as? String == "message")
        let attachments = try #require(message["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        return try #require(attachments.first?["content"] as? [String: Any])
    }

    static func texts(_ card: [String: Any]) -> [String] {
        ((card["body"] as? [[String: Any]]) ?? []).filter { $0["type"] as? String == "TextBlock" }.compactMap { $0["text"] as? String }
    }

    @Test func anIncidentIsACardWithFactsAndALinkToItsPage() throws {
        let card = try Self.card(NotificationMessageTests.event())
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect(card["version"] as? String == "1.4")
        let body = try #require(card["body"] as? [[String: Any]])
        #expect(body.map { $0["type"] as? String } == ["TextBlock", "TextBlock", "FactSet", "TextBlock"])
        #expect(Self.texts(card) == ["🔴 Investigating: Scan errors", "2026-11-24 10:00 UTC · incident.created", "We are **investigating**."])
        #expect(body[0]["color"] as? String == "Attention")
        #expect(body.allSatisfy { $0["type"] as? String != "TextBlock" || $0["wrap"] as? Bool == true })
        let facts = try #require(body[2]["facts"] as? [[String: String]])
        #expect(facts.map { $0["title"] } == ["Status", "Impact", "Networks", "Components"])
        #expect(facts.map { $0["value"] } == ["Investigating", "Major outage", "MainNet", "Scan API (major outage)"])
        let actions = try #require(card["actions"] as? [[String: Any]])
        #expect(actions.count == 1)
        #expect(actions.first?["type"] as? String == "Action.OpenUrl")
        #expect(actions.first?["title"] as? String == "View incident")
        #expect(actions.first?["url"] as? String == "https://status.example.org/incidents/2026-11-24-scan-errors.html")
    }

    @Test func contentCanNeitherFormatNorMentionNorCallAFunction() throws {
        let text = """
            **bold** _x_ *y* a\\b <at>Ops</at> {{DATE(2026-11-24T10:00:00Z, SHORT)}} <b>html</b>
            - item
            1. item [runbook](https://docs.example.org/x) [bad](javascript:alert(1)) see https://example.org/a_b.
            # not a heading
            """
        let card = try Self.card(NotificationMessageTests.event(title: "_Scan_ [errors](https://evil.example)", text: text))
        #expect(Self.texts(card).first == "🔴 Investigating: \\_Scan\\_ \\[errors\\](https://evil.example)")
        #expect(Self.texts(card).last == """
            **bold** \\_x\\_ \\*y\\* a\\\\b <\u{200B}at>Ops<\u{200B}/at> {\u{200B}{DATE(2026-11-24T10:00:00Z, SHORT)}} <\u{200B}b>html<\u{200B}/b>
            \\- item
            1\\. item [runbook](https://docs.example.org/x) \\[bad\\](javascript:alert(1)) see [https://example.org/a\\_b](https://example.org/a_b).
            \\# not a heading
            """)
    }

    @Test func staysUnderTeamsSizeLimitEvenWhenEveryCharacterIsEscaped() throws {
        // `<` is the costliest character: a zero-width space after it, and both written as \u
        // escapes in the JSON, 12 bytes for one character of content.
        var event = NotificationMessageTests.event(title: String(repeating: "<", count: 5_000), text: String(repeating: "<*", count: 20_000))
        event.subject.components = (1...80).map { NotificationEvent.AffectedComponent(id: "c\($0)", name: String(repeating: "<", count: 50), state: .degradedPerformance) }
        let size = Self.json(event).utf8.count
        #expect(size <= 28 * 1024, "\(size) bytes")
        #expect(size > 20 * 1024, "the text should use the room there is")
        let card = try Self.card(event)
        #expect(Self.texts(card).allSatisfy { $0.hasSuffix("…") || $0.contains("incident.created") })
    }

    @Test func maintenanceShowsItsWindowAndTone() throws {
        let window = EventDetectorTests.window()
        let event = try #require(EventDetectorTests.detector("2026-12-01T10:00Z")
            .events(incidents: [], maintenance: [.init(old: nil, new: window)], currentWindows: []).first)
        let card = try Self.card(event)
        let body = try #require(card["body"] as? [[String: Any]])
        #expect(body[0]["color"] as? String == "Accent")
        let facts = try #require(body[2]["facts"] as? [[String: String]])
        #expect(facts.map { $0["title"] } == ["Status", "Window", "Expected impact", "Networks", "Components"])
        #expect((card["actions"] as? [[String: Any]])?.first?["title"] as? String == "View maintenance")
    }
}
