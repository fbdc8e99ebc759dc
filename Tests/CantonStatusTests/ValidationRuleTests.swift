@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Foundation
import Testing

/// One test per rule: inline content with the expected location marked, asserting exactly the
/// expected diagnostics.
@Suite struct ValidationRuleTests {
    let incidentPath = "incidents/2026-11-20-latency.md"
    let maintenancePath = "maintenance/2026-12-10-upgrade.md"

    @Test func validContentHasNoDiagnostics() throws {
        try expectDiagnostics([incidentPath: incident(), maintenancePath: maintenance()], [:],
                              history: FirstCommits(times: [maintenancePath: try Timestamp.parse("2026-11-01T00:00Z").get()]))
    }

    // MARK: Files and syntax

    @Test func encoding() throws {
        let (found, _) = try check([:], expect: [:])
        #expect(found.isEmpty)
        let fileSystem = InMemoryFileSystem(bytes: [
            "components.yml": Array(baseConfiguration.utf8),
            incidentPath: Array("---\ntitle: caf".utf8) + [0xE9] + Array("\n---\n".utf8),
        ])
        let report = try ContentValidator(now: fixedNow).validate(fileSystem, history: NoGitHistory())
        #expect(report.diagnostics.map(\.rule) == [.encoding])
        #expect(report.diagnostics.first?.location == Model.SourceLocation(path: incidentPath, line: 2, column: 11))
    }

    @Test func binaryFile() throws {
        let fileSystem = InMemoryFileSystem(bytes: [
            "components.yml": Array(baseConfiguration.utf8),
            incidentPath: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00],
        ])
        let report = try ContentValidator(now: fixedNow).validate(fileSystem, history: NoGitHistory())
        #expect(report.diagnostics.map(\.rule) == [.encoding])
        #expect(report.diagnostics.first?.message.contains("binary") == true)
    }

    @Test func fileTooLarge() throws {
        let fileSystem = InMemoryFileSystem(bytes: [
            "components.yml": Array(baseConfiguration.utf8),
            incidentPath: Array(incident().utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20),
        ])
        let report = try ContentValidator(now: fixedNow).validate(fileSystem, history: NoGitHistory())
        #expect(report.diagnostics.map(\.rule) == [.fileTooLarge])
        #expect(report.diagnostics.first?.message.contains("2.0 MB") == true)
    }

    @Test func emptyFile() throws {
        try expectDiagnostics([incidentPath: "1️⃣\n  \n"], ["1️⃣": (.emptyFile, .error)])
    }

    @Test func fileName() throws {
        try expectDiagnostics(["incidents/Latency on MainNet.md": "1️⃣" + incident()], ["1️⃣": (.fileName, .error)])
        try expectDiagnostics(["incidents/2026-11-20-latency.yaml": "1️⃣" + incident()], ["1️⃣": (.fileName, .error)])
        try expectDiagnostics(["incidents/2026-13-20-latency.md": "1️⃣" + incident()], ["1️⃣": (.fileName, .error)])
        try expectDiagnostics(["incidents/2026-11-20-Latency.md": "1️⃣" + incident()], ["1️⃣": (.fileName, .error)])
    }

    @Test func subfolderInContentFolder() throws {
        let report = try ContentValidator(now: fixedNow).validate(
            InMemoryFileSystem(["components.yml": baseConfiguration, "incidents/archive/2026-11-20-latency.md": incident()]),
            history: NoGitHistory())
        #expect(report.diagnostics.map(\.rule) == [.fileName])
    }

    @Test func fileDateMustMatchStart() throws {
        try expectDiagnostics(["incidents/2026-11-19-latency.md": "1️⃣" + incident()], ["1️⃣": (.fileDate, .error)])
        try expectDiagnostics(["maintenance/2026-12-11-upgrade.md": "1️⃣" + maintenance()], ["1️⃣": (.fileDate, .error)],
                              history: FirstCommits(times: ["maintenance/2026-12-11-upgrade.md": fixedNow]))
    }

    @Test func fileDateMayUseTheWrittenOffset() throws {
        // 23:30-05:00 is 04:30Z the next day; either date is accepted.
        let updates = "  - {at: 2026-11-19T23:30-05:00, status: investigating, text: Looking.}"
        try expectDiagnostics(["incidents/2026-11-19-latency.md": incident(updates: updates)], [:])
        try expectDiagnostics(["incidents/2026-11-20-latency.md": incident(updates: updates)], [:])
    }

    @Test func frontMatter() throws {
        try expectDiagnostics([incidentPath: "1️⃣title: No delimiters\n"], ["1️⃣": (.frontMatter, .error)])
        try expectDiagnostics([incidentPath: "1️⃣---\ntitle: Never closed\n"], ["1️⃣": (.frontMatter, .error)])
    }

    @Test func yamlSyntax() throws {
        try expectDiagnostics([incidentPath: "---\ntitle: Cause1️⃣: disk full\n---\n"], ["1️⃣": (.yamlSyntax, .error)])
    }

    @Test func tabIndent() throws {
        try expectDiagnostics([incidentPath: "---\ntitle: x\nupdates:\n1️⃣\t- at: 2026-11-20T14:05Z\n---\n"], ["1️⃣": (.tabIndent, .error)])
    }

    @Test func duplicateKeyPointsAtTheSecondOne() throws {
        try expectDiagnostics([incidentPath: incident(extra: "1️⃣title: Again\n")], ["1️⃣": (.duplicateKey, .error)])
    }

    @Test func aliasAsKeyIsRefused() throws {
        let text = incident(extra: "base: &base {a: 1}\n1️⃣*base : x\n")
        try expectDiagnostics([incidentPath: text], ["1️⃣": (.yamlAlias, .error)])
    }

    // MARK: Shape

    @Test func unknownKeyWithSuggestion() throws {
        let (found, _) = try check([incidentPath: incident(extra: "1️⃣reportedby: GSF\n")], expect: [:])
        #expect(found.map(\.rule) == [.unknownKey])
        let report = try ContentValidator(now: fixedNow).validate(
            InMemoryFileSystem(["components.yml": baseConfiguration, incidentPath: MarkedText(incident(extra: "reportedby: GSF\n")).text]),
            history: NoGitHistory())
        #expect(report.diagnostics.first?.hint == "did you mean 'reported_by'?")
    }

    @Test func missingField() throws {
        try expectDiagnostics([incidentPath: "---\n1️⃣environments: [mainnet]\nimpact: {sequencers: partial-outage}\nupdates:\n  - {at: 2026-11-20T14:05Z, status: investigating, text: x}\n---\n"],
                              ["1️⃣": (.missingField, .error)])
        try expectDiagnostics([incidentPath: incident(updates: "  - 1️⃣{at: 2026-11-20T14:05Z, status: investigating}")],
                              ["1️⃣": (.missingField, .error)])
    }

    @Test func emptyUpdatesList() throws {
        let text = "---\ntitle: x\nenvironments: [mainnet]\nimpact: {sequencers: partial-outage}\nupdates: 1️⃣[]\n---\n"
        try expectDiagnostics([incidentPath: text], ["1️⃣": (.missingField, .error)])
    }

    @Test func wrongType() throws {
        try expectDiagnostics([incidentPath: incident(environments: "1️⃣mainnet")], ["1️⃣": (.wrongType, .error)])
        try expectDiagnostics([incidentPath: incident(title: "1️⃣[a, b]")], ["1️⃣": (.wrongType, .error)])
    }

    @Test func invalidStateAndStatus() throws {
        try expectDiagnostics([incidentPath: incident(impact: "{sequencers: 1️⃣down}")], ["1️⃣": (.invalidValue, .error)])
        try expectDiagnostics([incidentPath: incident(updates: "  - {at: 2026-11-20T14:05Z, status: 1️⃣investigate, text: x}")],
                              ["1️⃣": (.invalidValue, .error)])
        try expectDiagnostics([incidentPath: incident(impact: "{sequencers: 1️⃣under-maintenance}")], ["1️⃣": (.invalidValue, .error)])
    }

    @Test func invalidID() throws {
        let configuration = baseConfiguration.replacingOccurrences(of: "{id: apis,", with: "{id: 1️⃣APIs,")
            .replacingOccurrences(of: "group: apis", with: "group: APIs")
        let (found, _) = try check(["components.yml": configuration], expect: [:])
        #expect(found.contains { $0.rule == .invalidID && $0.line == 7 })
    }

    @Test func duplicateID() throws {
        let configuration = baseConfiguration + "  - {id: 1️⃣scan-api, name: Scan again, group: apis}\n"
        try expectDiagnostics(["components.yml": configuration], ["1️⃣": (.duplicateID, .error)])
        try expectDiagnostics([incidentPath: incident(impact: "{sequencers: partial-outage, 1️⃣sequencers: major-outage}")],
                              ["1️⃣": (.duplicateKey, .error)])
    }

    @Test func timeWithoutZone() throws {
        try expectDiagnostics([incidentPath: incident(updates: "  - {at: 1️⃣2026-11-20T14:05, status: investigating, text: x}")],
                              ["1️⃣": (.timeZone, .error)])
        try expectDiagnostics([maintenancePath: maintenance(start: "1️⃣2026-12-10")], ["1️⃣": (.timeZone, .error)])
    }

    @Test func invalidTime() throws {
        try expectDiagnostics([incidentPath: incident(updates: "  - {at: 1️⃣2026-02-30T14:05Z, status: investigating, text: x}")],
                              ["1️⃣": (.invalidTime, .error)])
        try expectDiagnostics([incidentPath: incident(updates: "  - {at: 1️⃣yesterday, status: investigating, text: x}")],
                              ["1️⃣": (.invalidTime, .error)])
    }

    // MARK: References

    @Test func unknownEnvironment() throws {
        try expectDiagnostics([incidentPath: incident(environments: "[1️⃣mainet]")], ["1️⃣": (.unknownEnvironment, .error)])
    }

    @Test func unknownGroup() throws {
        let configuration = baseConfiguration + "  - {id: rounds, name: Rounds, group: 1️⃣synchroniser}\n"
        try expectDiagnostics(["components.yml": configuration], ["1️⃣": (.unknownGroup, .error)])
    }

    @Test func unknownComponent() throws {
        try expectDiagnostics([incidentPath: incident(impact: "{1️⃣sequencer: partial-outage}")], ["1️⃣": (.unknownComponent, .error)])
        try expectDiagnostics([maintenancePath: maintenance().replacingOccurrences(of: "[sequencers]", with: "[1️⃣scan]")],
                              ["1️⃣": (.unknownComponent, .error)], history: FirstCommits(times: [maintenancePath: fixedNow]))
    }

    @Test func componentNotOnThatNetwork() throws {
        try expectDiagnostics([incidentPath: incident(environments: "[testnet]", impact: "{1️⃣validator-api: major-outage}")],
                              ["1️⃣": (.componentEnvironment, .error)])
    }

    @Test func unknownEvent() throws {
        let configuration = baseConfiguration + "notifications:\n  - {id: hook, type: slack, url: \"${HOOK}\", events: [1️⃣incident.opened]}\n"
        try expectDiagnostics(["components.yml": configuration], ["1️⃣": (.unknownEvent, .error)])
    }

    // MARK: Notification targets and subscriptions

    @Test func chatTargetsNeedAURLReferenceAndNothingElse() throws {
        let configuration = baseConfiguration + """
            notifications:
              - 1️⃣{id: chat, type: discord}
              - {id: teams, type: teams, url: "${TEAMS_WEBHOOK_URL}", 2️⃣secret: "${S}"}
              - {id: discord, type: discord, url: 3️⃣"https://discord.com/api/webhooks/1/\(ExampleSecret.slackHost)"}
              - {id: slack, type: slack, url: "${SLACK_WEBHOOK_URL}", 4️⃣smtp: "${SMTP_URL}"}
              - {id: chat-2, type: 5️⃣discrod, url: "${U}", secret: "${S}"}

            """
        try expectDiagnostics(["components.yml": configuration], [
            "1️⃣": (.missingField, .error), "2️⃣": (.unknownKey, .error), "3️⃣": (.literalSecret, .error),
            "4️⃣": (.unknownKey, .error), "5️⃣": (.invalidValue, .error),
        ])
    }

    static let blockPage = """
        page:
          title: Canton Network Status
          url: "https://status.example.org"
          subscribe:

        """

    static func withSubscribe(_ lines: String) -> String {
        baseConfiguration.replacingOccurrences(of: "page: {title: Canton Network Status, url: \"https://status.example.org\"}\n",
                                               with: blockPage + lines)
    }

    @Test func theSubscribeSectionIsRead() throws {
        let yaml = Self.withSubscribe("""
                mailing_list: {join: "mailto:announce+subscribe@lists.example.org", unsubscribe: "https://lists.example.org/leave"}
                slack_channel_url: https://example.slack.com/archives/C0123456789
                webhook_request: "mailto:status-team@example.org?subject=webhook"

            """)
        let parsed = ContentParser.configuration(Array(yaml.utf8))
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.document?.page.subscribe == Subscription(
            mailingList: MailingList(join: "mailto:announce+subscribe@lists.example.org", unsubscribe: "https://lists.example.org/leave"),
            slackChannelURL: "https://example.slack.com/archives/C0123456789", webhookRequest: "mailto:status-team@example.org?subject=webhook"))
        let plain = ContentParser.configuration(Array(baseConfiguration.utf8))
        #expect(plain.document?.page.subscribe == nil)
    }

    @Test func subscribeMistakesPointAtTheValue() throws {
        try expectDiagnostics(["components.yml": Self.withSubscribe("""
                1️⃣mailinglist: {join: "https://lists.example.org"}
                slack_channel_url: 2️⃣"http://example.slack.com/archives/C1"

            """)], ["1️⃣": (.unknownKey, .error), "2️⃣": (.invalidValue, .error)])
        try expectDiagnostics(["components.yml": Self.withSubscribe("""
                mailing_list: 3️⃣{unsubscribe: 4️⃣"mailto:a@example.org,b@example.org", 5️⃣leave: x}

            """)], ["3️⃣": (.missingField, .error), "4️⃣": (.invalidValue, .error), "5️⃣": (.unknownKey, .error)])
        try expectDiagnostics(["components.yml": Self.withSubscribe("""
                mailing_list:
                  join: 6️⃣"https://lists.example.org/join here"
                  unsubscribe: 7️⃣"https://owner:hunter2@lists.example.org/leave"
                8️⃣slack_channel: x
                webhook_request: 9️⃣"javascript:alert(1)"

            """)], ["6️⃣": (.invalidValue, .error), "7️⃣": (.literalSecret, .error), "8️⃣": (.unknownKey, .error), "9️⃣": (.invalidValue, .error)])
    }

    @Test func aSubscribeURLThatIsNotOneIsNamedWithAnExample() throws {
        let yaml = Self.withSubscribe("    mailing_list: {join: \"validator-announce@lists.example.org\"}\n")
        let diagnostic = try #require(ContentParser.configuration(Array(yaml.utf8)).diagnostics.first)
        #expect(diagnostic.message == "'validator-announce@lists.example.org' in 'join' is not a mailto: or https: URL")
        #expect(diagnostic.hint == "e.g. mailto:validator-announce+subscribe@lists.example.org or https://lists.example.org/g/validator-announce")
    }

    // MARK: Timelines

    @Test func updatesOutOfOrder() throws {
        let updates = """
              - {at: 2026-11-20T14:05Z, status: investigating, text: a}
              - {at: 1️⃣2026-11-20T13:05Z, status: identified, text: b}
            """
        try expectDiagnostics([incidentPath: incident(updates: updates)], ["1️⃣": (.updateOrder, .error)])
    }

    @Test func startedAfterFirstUpdate() throws {
        try expectDiagnostics([incidentPath: incident(extra: "started: 1️⃣2026-11-20T15:00Z\n")], ["1️⃣": (.updateOrder, .error)])
    }

    @Test func updateAfterResolved() throws {
        let updates = """
              - {at: 2026-11-20T14:05Z, status: resolved, text: a}
              - {at: 1️⃣2026-11-20T15:05Z, status: monitoring, text: b}
            """
        try expectDiagnostics([incidentPath: incident(updates: updates)], ["1️⃣": (.updateAfterResolved, .error)])
    }

    @Test func updateInTheFuture() throws {
        let updates = """
              - {at: 2026-11-20T14:05Z, status: investigating, text: a}
              - {at: 1️⃣2026-11-24T12:06Z, status: identified, text: b}
              - {at: 2026-11-24T12:04Z, status: monitoring, text: within the allowed clock skew}
            """
        let (found, _) = try check([incidentPath: incident(updates: updates)], expect: [:])
        // 12:06 is beyond the 5 minutes of allowed skew; 12:04 is not, but comes before 12:06 (order).
        #expect(found.map(\.rule).sorted() == [.futureTime, .updateOrder])
    }

    @Test func endBeforeStart() throws {
        try expectDiagnostics([maintenancePath: maintenance(end: "1️⃣2026-12-10T13:00Z")], ["1️⃣": (.endBeforeStart, .error)],
                              history: FirstCommits(times: [maintenancePath: try Timestamp.parse("2026-11-01T00:00Z").get()]))
    }

    @Test func maintenanceUpdatesAfterCompleted() throws {
        let extra = """
            updates:
              - {at: 2026-11-20T10:00Z, status: cancelled, text: Postponed.}
              - {at: 1️⃣2026-11-21T10:00Z, status: scheduled, text: Back on.}

            """
        try expectDiagnostics([maintenancePath: maintenance(extra: extra)], ["1️⃣": (.updateAfterResolved, .error)],
                              history: FirstCommits(times: [maintenancePath: try Timestamp.parse("2026-11-01T00:00Z").get()]))
    }

    // MARK: Notice

    @Test func shortNotice() throws {
        let committed = try Timestamp.parse("2026-12-09T20:00Z").get()
        try expectDiagnostics([maintenancePath: maintenance(start: "1️⃣2026-12-10T14:00Z")], ["1️⃣": (.shortNotice, .error)],
                              history: FirstCommits(times: [maintenancePath: committed]))
    }

    @Test func shortNoticeWithReasonPasses() throws {
        let committed = try Timestamp.parse("2026-12-09T20:00Z").get()
        try expectDiagnostics([maintenancePath: maintenance(extra: "short_notice: Security fix.\n")], [:],
                              history: FirstCommits(times: [maintenancePath: committed]))
    }

    @Test func maintenanceWithoutImpactNeedsNoNotice() throws {
        let committed = try Timestamp.parse("2026-12-10T13:00Z").get()
        try expectDiagnostics([maintenancePath: maintenance(impact: "operational")], [:],
                              history: FirstCommits(times: [maintenancePath: committed]))
    }

    @Test func uncommittedMaintenanceCountsFromNow() throws {
        // Not in history: announced "now" (2026-11-24T12:00Z), 24h before the start.
        try expectDiagnostics(["maintenance/2026-11-25-upgrade.md": maintenance(start: "1️⃣2026-11-25T12:00Z", end: "2026-11-25T14:00Z")],
                              ["1️⃣": (.shortNotice, .error)])
    }

    @Test func shallowHistoryGivesANoteNotAnError() throws {
        let boundary = try Timestamp.parse("2026-12-09T20:00Z").get()
        try expectDiagnostics([maintenancePath: maintenance(start: "1️⃣2026-12-10T14:00Z")], ["1️⃣": (.noticeUnverified, .note)],
                              history: FirstCommits(times: [maintenancePath: boundary], truncated: [maintenancePath]))
    }

    // MARK: Summaries and text

    @Test func missingSummaryForOldMajorOutage() throws {
        let updates = """
              - {at: 2026-11-10T14:05Z, status: investigating, text: a}
              - {at: 1️⃣2026-11-10T16:05Z, status: resolved, text: b}
            """
        let path = "incidents/2026-11-10-outage.md"
        try expectDiagnostics([path: incident(impact: "{sequencers: major-outage}", updates: updates)],
                              ["1️⃣": (.missingSummary, .warning)])
        // With a summary, or when resolved less than 7 days ago, or not a major outage: nothing.
        try expectDiagnostics([path: incident(impact: "{sequencers: major-outage}", updates: updates.replacingOccurrences(of: "1️⃣", with: ""), body: "Root cause: a bad config.\n")], [:])
        try expectDiagnostics([path: incident(impact: "{sequencers: partial-outage}", updates: updates.replacingOccurrences(of: "1️⃣", with: ""))], [:])
        try expectDiagnostics([path: incident(impact: "{sequencers: major-outage}", updates: updates.replacingOccurrences(of: "1️⃣", with: ""))], [:],
                              now: try Timestamp.parse("2026-11-15T12:00Z").get())
    }

    @Test func rawHTMLInBodyPointsAtTheTag() throws {
        try expectDiagnostics([incidentPath: incident(body: "\nAll good.\n\n1️⃣<script>alert(1)</script>\n")], ["1️⃣": (.rawHTML, .warning)])
        try expectDiagnostics([incidentPath: incident(body: "Text with 1️⃣<b>inline</b> html.\n")],
                              ["1️⃣": (.rawHTML, .warning)])
    }

    @Test func rawHTMLInUpdateText() throws {
        try expectDiagnostics([incidentPath: incident(updates: "  - {at: 2026-11-20T14:05Z, status: investigating, text: \"See 1️⃣<a href=x>this</a>\"}")],
                              ["1️⃣": (.rawHTML, .warning)])
    }

    @Test func angleBracketsThatAreNotHTMLAreFine() throws {
        try expectDiagnostics([incidentPath: incident(body: "Latency < 2 s and `<b>` in code.\n")], [:])
    }

    // MARK: Secrets

    @Test func literalSecretsInNotifications() throws {
        let configuration = baseConfiguration + """
            notifications:
              - {id: slack, type: slack, url: 1️⃣"\(ExampleSecret.slackURL)"}
              - {id: hook, type: webhook, url: "${HOOK_URL}", secret: 2️⃣\(ExampleSecret.webhookSecret)}
              - {id: mail, type: email, smtp: 3️⃣"\(ExampleSecret.smtpURL)", from: a@example.org, to: [b@example.org]}

            """
        try expectDiagnostics(["components.yml": configuration],
                              ["1️⃣": (.literalSecret, .error), "2️⃣": (.literalSecret, .error), "3️⃣": (.literalSecret, .error)])
    }

    @Test func literalSecretsInChecks() throws {
        let configuration = baseConfiguration + """
              - id: private
                name: Private validator
                group: apis
                checks:
                  - type: http
                    url: 4️⃣"https://operator:s3cret@validator.example.org/api/validator/readyz"
                    headers: {Authorization: 5️⃣"Bearer \(ExampleSecret.jwt)"}

            """
        try expectDiagnostics(["components.yml": configuration], ["4️⃣": (.literalSecret, .error), "5️⃣": (.literalSecret, .error)])
    }

    @Test func secretMessagesNeverQuoteTheSecret() throws {
        let configuration = baseConfiguration + "notifications:\n  - {id: slack, type: slack, url: \"\(ExampleSecret.slackURL)\"}\n"
        let report = try ContentValidator(now: fixedNow).validate(
            InMemoryFileSystem(["components.yml": configuration]), history: NoGitHistory())
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.rule == .literalSecret)
        #expect(!diagnostic.showsSource)
        let printed = DiagnosticFormatter().text(report) + DiagnosticFormatter().json(report) + DiagnosticFormatter().github(report)
        #expect(!printed.contains(ExampleSecret.slackHost))
    }

    @Test func invalidReference() throws {
        let configuration = baseConfiguration + "notifications:\n  - {id: slack, type: slack, url: 1️⃣\"${slack_url}\"}\n"
        try expectDiagnostics(["components.yml": configuration], ["1️⃣": (.invalidReference, .error)])
    }

    // MARK: Positions

    @Test func columnCountsCharactersNotBytes() throws {
        // "Élevé — “x”" has multi-byte characters before the error on the same line.
        try expectDiagnostics([incidentPath: incident(impact: "{sequencers: partial-outage} # Élevé — “x”", extra: "réf: 1\n")
            .replacingOccurrences(of: "réf: 1", with: "1️⃣réf: 1")], ["1️⃣": (.unknownKey, .error)])
        let update = "  - {text: \"Élevé — “latence” 中文\", at: 2026-11-20T14:05Z, status: 1️⃣investigatin}"
        try expectDiagnostics([incidentPath: incident(updates: update)], ["1️⃣": (.invalidValue, .error)])
    }

    @Test func byteOrderMarkAndCRLFKeepPositions() throws {
        let text = "\u{FEFF}" + incident(environments: "[1️⃣mainet]").replacingOccurrences(of: "\n", with: "\r\n")
        try expectDiagnostics([incidentPath: text], ["1️⃣": (.unknownEnvironment, .error)])
    }
}

/// Secret-shaped values for the literal-secret rules, assembled at run time so that no committed
/// line holds a string a secret scanner would flag.
enum ExampleSecret {
    static let slackHost = "hooks." + "slack.com"
    static let slackURL = "https://\(slackHost)/services/T000/B000/XXXX"
    static let webhookSecret = "whsec" + "_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let smtpURL = "smtp://user:" + "password@mail.example.org:587"
    static let jwt = "eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
}

/// `scan:` takes one seed Scan or several: discovery asks them all and trusts none alone.
@Suite struct SeedScanTests {
    @Test func severalSeedsAreRead() throws {
        let configuration = baseConfiguration.replacingOccurrences(
            of: #"scan: "https://scan.sv-1.global.canton.network.sync.global"}"#,
            with: #"scan: ["https://scan.sv-1.global.canton.network.sync.global", "https://scan.sv-2.global.canton.network.sync.global"]}"#)
        let parsed = ContentParser.configuration(Array(configuration.utf8))
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.document?.environment("mainnet")?.scans == [
            "https://scan.sv-1.global.canton.network.sync.global", "https://scan.sv-2.global.canton.network.sync.global",
        ])
        #expect(parsed.document?.environment("testnet")?.scans == ["https://scan.sv-1.test.global.canton.network.sync.global"])
    }

    @Test func anEmptyOrBrokenSeedListIsAnError() throws {
        let empty = baseConfiguration.replacingOccurrences(of: #"scan: "https://scan.sv-1.global.canton.network.sync.global"}"#,
                                                           with: "scan: 1️⃣[]}")
        try expectDiagnostics(["components.yml": empty], ["1️⃣": (.invalidValue, .error)])
        let relative = baseConfiguration.replacingOccurrences(of: #"scan: "https://scan.sv-1.global.canton.network.sync.global"}"#,
                                                              with: "scan: [\"https://scan.sv-1.example\", 1️⃣scan.sv-2.example]}")
        try expectDiagnostics(["components.yml": relative], ["1️⃣": (.invalidValue, .error)])
    }
}
