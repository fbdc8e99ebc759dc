@testable import Validation
@testable import Notify
import Foundation
import Testing
internal import Model
internal import Site

/// What each kind of target receives: shapes, limits, escaping, signatures.
@Suite struct NotificationMessageTests {
    static func event(title: String = "Scan errors", text: String = "We are **investigating**.") -> NotificationEvent {
        var incident = EventDetectorTests.incident([("2026-11-24T10:00Z", "investigating")])
        incident.title.value = title
        incident.updates[0].text.value = text
        return EventDetectorTests.detector("2026-11-24T10:05Z").incidentEvents(incident, after: nil)[0]
    }

    static let page = Page(title: "Canton Network Status", url: "https://status.example.org", maintenanceNotice: .hours(48))

    static func blocks(_ event: NotificationEvent) -> [[String: Any]] {
        let json = SlackMessage.payload(for: event).encoded()
        let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return object["blocks"] as! [[String: Any]]
    }

    @Test func slackStaysWithinItsLimits() {
        let event = Self.event(title: String(repeating: "Very long title ", count: 30), text: String(repeating: "word ", count: 2_000))
        let blocks = Self.blocks(event)
        let header = (blocks[0]["text"] as? [String: Any])?["text"] as? String ?? ""
        let section = (blocks[2]["text"] as? [String: Any])?["text"] as? String ?? ""
        #expect(header.count == 150 && header.hasSuffix("…"))
        #expect(section.count == 3000 && section.hasSuffix("…"))
        #expect(blocks.count <= 50)
    }

    @Test func slackTextCannotMentionOrLinkOnItsOwn() {
        let text = "Ping <!channel> & <https://evil.example|click>; see [the runbook](https://docs.example.org/x) or [bad](javascript:alert(1))."
        let section = (Self.blocks(Self.event(text: text))[2]["text"] as? [String: Any])?["text"] as? String
        #expect(section == "Ping &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;; see <https://docs.example.org/x|the runbook> or [bad](javascript:alert(1)).")
    }

    @Test func signatureMatchesTheStandardWebhooksTestVector() throws {
        // The example key of the Standard Webhooks specification.
        let secret = try #require(SignedWebhook.Secret(ExampleSecret.webhookSecret))
        let signature = SignedWebhook.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                                body: #"{"test": 2432232314}"#, secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(SignedWebhook.Secret("not-a-secret") == nil)
        #expect(SignedWebhook.Secret(SignedWebhook.Secret.prefix) == nil)
    }

    @Test func webhookBodyIsTheEventInStatuspageShape() throws {
        let body = SignedWebhook.body(for: Self.event())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "incident.created")
        #expect(object["timestamp"] as? String == "2026-11-24T10:00:00Z")
        let incident = try #require((object["data"] as? [String: Any])?["incident"] as? [String: Any])
        #expect(incident["id"] as? String == "2026-11-24-scan-errors")
        #expect(incident["status"] as? String == "investigating")
        #expect(incident["shortlink"] as? String == "https://status.example.org/incidents/2026-11-24-scan-errors.html")
    }

    @Test func mailHeadersAreSingleLinesAndThreadUnderTheFirstMail() {
        let created = Self.event(title: "Scan errors\r\nBcc: victim@example.org")
        let message = EmailMessage.message(for: created, from: "status@example.org", to: ["list@example.org"],
                                           sentAt: created.occurredAt, page: Self.page)
        let headers = message.data.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headers.contains("\r\nBcc:"), "a newline in a title must not add a header")
        #expect(headers.contains("Subject: [MainNet] Investigating: Scan errors  Bcc: victim@example.org"))
        #expect(headers.contains("Message-ID: <incident.2026-11-24-scan-errors.0@status.example.org>"))
        #expect(!headers.contains("In-Reply-To"))

        var update = created
        update.id = "incident/2026-11-24-scan-errors/1"
        let reply = EmailMessage.message(for: update, from: "status@example.org", to: ["list@example.org"],
                                         sentAt: created.occurredAt, page: Self.page)
        #expect(reply.data.contains("In-Reply-To: <incident.2026-11-24-scan-errors.0@status.example.org>\r\n"))
        #expect(reply.data.contains("References: <incident.2026-11-24-scan-errors.0@status.example.org>\r\n"))
    }

    @Test func nonASCIISubjectsAreEncodedWords() {
        let encoded = EmailMessage.encodedWords("[MainNet] Résolu: Überlastung der Sequencer — alle Netze betroffen, bitte warten")
        #expect(encoded.hasPrefix("=?UTF-8?B?"))
        #expect(encoded.components(separatedBy: "\r\n ").allSatisfy { $0.count <= 75 })
        #expect(EmailMessage.encodedWords("plain ASCII") == "plain ASCII")
    }

    @Test func mailHTMLGoesThroughTheSafeMarkdownRenderer() {
        let html = EmailMessage.html(Self.event(text: "<script>alert(1)</script> [x](javascript:alert(1))"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
    }

    @Test func redactionKeepsOnlySchemeAndHost() {
        #expect(Redaction.url("https://hooks.example.org/services/T0/B0/secret?x=1") == "https://hooks.example.org/…")
        #expect(Redaction.url(ExampleSecret.smtpURL) == "smtp://mail.example.org:587/…")
    }

    // MARK: Mailing-list headers

    static func headers(_ page: Page) -> [String] {
        let event = Self.event()
        let message = EmailMessage.message(for: event, from: "status@example.org", to: ["list@example.org"], sentAt: event.occurredAt, page: page)
        return message.data.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
    }

    static func page(_ list: MailingList?) -> Page {
        Page(title: "Canton Network Status", url: "https://status.example.org/", maintenanceNotice: .hours(48),
             subscribe: Subscription(mailingList: list))
    }

    @Test func everyMailNamesItsListByThePagesHost() {
        let headers = Self.headers(Self.page)
        #expect(headers.contains(#"List-Id: "Canton Network Status" <status.example.org>"#))
        #expect(!headers.contains { $0.hasPrefix("List-Unsubscribe") || $0.hasPrefix("List-Subscribe") },
                "no mailing list in page.subscribe, so nothing to join or leave")
    }

    struct ListCase: Sendable, CustomTestStringConvertible {
        var name: String
        var join: String
        var unsubscribe: String?
        var expected: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        ListCase(name: "both given", join: "mailto:announce+subscribe@lists.example.org", unsubscribe: "mailto:announce+unsubscribe@lists.example.org",
                 expected: ["List-Subscribe: <mailto:announce+subscribe@lists.example.org>",
                            "List-Unsubscribe: <mailto:announce+unsubscribe@lists.example.org>"]),
        ListCase(name: "an https join page serves for leaving", join: "https://lists.example.org/g/announce", unsubscribe: nil,
                 expected: ["List-Subscribe: <https://lists.example.org/g/announce>", "List-Unsubscribe: <https://lists.example.org/g/announce>"]),
        ListCase(name: "a mailto join address never does", join: "mailto:announce+subscribe@lists.example.org", unsubscribe: nil,
                 expected: ["List-Subscribe: <mailto:announce+subscribe@lists.example.org>"]),
    ])
    func mailingListHeaders(_ list: ListCase) {
        let headers = Self.headers(Self.page(MailingList(join: list.join, unsubscribe: list.unsubscribe)))
        #expect(headers.filter { $0.hasPrefix("List-Subscribe") || $0.hasPrefix("List-Unsubscribe") } == list.expected)
        #expect(headers.contains(#"List-Id: "Canton Network Status" <status.example.org>"#))
    }

    @Test func theUnsubscribeURLEndsBothParts() {
        let list = MailingList(join: "https://lists.example.org/g/announce", unsubscribe: "https://lists.example.org/g/announce/leave")
        let event = Self.event()
        #expect(EmailMessage.plainText(event, unsubscribe: EmailMessage.unsubscribeURL(list)).hasSuffix("-- \nTo stop these mails: https://lists.example.org/g/announce/leave\n"))
        #expect(EmailMessage.html(event, unsubscribe: EmailMessage.unsubscribeURL(list)).contains(#"<a href="https://lists.example.org/g/announce/leave">Stop these mails</a>"#))
        #expect(!EmailMessage.plainText(event).contains("To stop these mails"))
    }

    struct ListIDCase: Sendable, CustomTestStringConvertible {
        var title: String
        var host: String
        var expected: String
        var testDescription: String { "\(title) at \(host)" }
    }

    @Test(arguments: [
        ListIDCase(title: "Canton Network Status", host: "status.canton.example.org", expected: #""Canton Network Status" <status.canton.example.org>"#),
        ListIDCase(title: #"Say "hi" \ bye"#, host: "status.example.org", expected: #""Say \"hi\" \\ bye" <status.example.org>"#),
        ListIDCase(title: "Statut du réseau", host: "status.example.org", expected: "=?UTF-8?B?U3RhdHV0IGR1IHLDqXNlYXU=?= <status.example.org>"),
        ListIDCase(title: "Local", host: "localhost", expected: #""Local" <localhost.localhost>"#),
        ListIDCase(title: "Loopback", host: "127.0.0.1", expected: #""Loopback" <127-0-0-1.localhost>"#),
        ListIDCase(title: "IPv6", host: "::1", expected: #""IPv6" <--1.localhost>"#),
    ])
    func listIDIsAPhraseAndADomain(_ example: ListIDCase) {
        #expect(EmailMessage.listID(title: example.title, host: example.host) == example.expected)
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var accepts: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        FilterCase(name: "no filters", yaml: "", accepts: true),
        FilterCase(name: "environment listed", yaml: ", environments: [mainnet]", accepts: true),
        FilterCase(name: "environment not listed", yaml: ", environments: [testnet]", accepts: false),
        FilterCase(name: "component listed", yaml: ", components: [scan-api]", accepts: true),
        FilterCase(name: "component not listed", yaml: ", components: [sequencers]", accepts: false),
        FilterCase(name: "wildcard", yaml: ", events: [\"incident.*\"]", accepts: true),
        FilterCase(name: "other wildcard", yaml: ", events: [\"maintenance.*\"]", accepts: false),
        FilterCase(name: "exact name", yaml: ", events: [incident.created]", accepts: true),
        FilterCase(name: "other name", yaml: ", events: [incident.resolved]", accepts: false),
    ])
    func filtersRoute(_ filter: FilterCase) throws {
        let yaml = baseConfiguration + "notifications:\n  - {id: t, type: webhook, url: \"${U}\", secret: \"${S}\"\(filter.yaml)}\n"
        let parsed = ContentParser.configuration(Array(yaml.utf8))
        let target = try #require(parsed.document?.notifications.first, "\(parsed.diagnostics)")
        #expect(target.accepts(Self.event()) == filter.accepts)
    }
}
