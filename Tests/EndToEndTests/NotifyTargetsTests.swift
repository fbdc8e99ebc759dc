import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status notify` to Discord, Teams and a mailing list: the built binary, a temp git
/// repository, and receivers on 127.0.0.1 that check bodies as the services do (Discord's embed
/// limits, the official Adaptive Card schema, a real SMTP server) and answer as they do.
@Suite struct NotifyTargetsTests {
    /// The fixture's `components.yml` with a mailing list under `page.subscribe`, and Discord (MainNet
    /// only), Teams and mail targets instead of the usual three.
    static let components: String = {
        let subscribe = """
              maintenance_notice: 48h
              subscribe:
                mailing_list:
                  join: "https://lists.canton.example.org/g/validator-announce"
                  unsubscribe: "mailto:validator-announce+unsubscribe@lists.canton.example.org?subject=unsubscribe"
                slack_channel_url: "https://canton-network.slack.com/archives/C0123456789"

            """
        let targets = """
            notifications:
              - {id: status-discord, type: discord, url: "${DISCORD_WEBHOOK_URL}", environments: [mainnet]}
              - {id: status-teams, type: teams, url: "${TEAMS_WEBHOOK_URL}"}
              - id: announce
                type: email
                smtp: "${SMTP_URL}"
                from: status@canton.example.org
                to: [validator-announce@canton.example.org]

            """
        let base = Fixtures.componentsYAML.replacingOccurrences(of: "  maintenance_notice: 48h\n", with: subscribe)
        return String(base[..<base.range(of: "notifications:\n")!.lowerBound]) + targets
    }()

    /// Update text that would ping, mention, format and call a card function if passed on as is,
    /// and long enough to be cut for Discord.
    static let hostileText = "@everyone <@123456> <@&42> **Several** SV Scans answer 503; see [the runbook](https://docs.example.org/runbook)"
        + " {{DATE(2026-11-24T10:00:00Z, SHORT)}} <at>Ops</at> _now_. " + String(repeating: "Scan sv-1 answers 503 again. ", count: 300)

    static func repository(posting files: [String: String]) throws -> TempGitRepo {
        try NotifyCommandTests.repository(posting: files, components: components)
    }

    /// Receivers and a repository that has just posted one MainNet incident, for `test`.
    static func withOnePostedIncident(_ test: (NotifyReceivers, TempGitRepo) throws -> Void) throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try repository(posting: ["incidents/2026-11-24-scan-errors.md": NotifyCommandTests.incident(
            "Scan API errors", [NotifyCommandTests.investigating])])
        defer { repo.remove() }
        try test(receivers, repo)
    }

    static func notify(_ arguments: [String], in repo: TempGitRepo, _ receivers: NotifyReceivers,
                       discordScript: String? = nil, teamsScript: String? = nil) throws -> ProcessResult {
        let result = try CLI.run(["notify"] + arguments, in: repo.url,
                                 environment: receivers.environment(discordScript: discordScript, teamsScript: teamsScript))
        NotifyCommandTests.expectNoSecrets(in: [result.standardOutput, result.standardError, NotifyCommandTests.ledgerText(repo)], receivers)
        return result
    }

    static func errors(_ records: [[String: Any]]) -> [String] {
        records.flatMap { ($0["errors"] as? [String]) ?? [] }
    }

    @Test func discordAndTeamsGetEachEventOnceInTheirOwnShapes() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try Self.repository(posting: [
            "incidents/2026-11-24-scan-errors.md": NotifyCommandTests.incident("Scan API errors @here", [
                (at: "2026-11-24T10:00Z", status: "investigating", text: Self.hostileText),
            ]),
        ])
        defer { repo.remove() }

        var result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers)

        #expect(result.status == 0, "\(result.standardError)")
        let discord = receivers.discord
        #expect(discord.count == 1)
        #expect(discord.allSatisfy { $0["valid"] as? Bool == true }, "\(Self.errors(discord))")
        #expect(discord.map { $0["status"] as? Int } == [204])
        #expect(discord.allSatisfy { ($0["mentions"] as? [Any])?.isEmpty == true && ($0["pings"] as? [Any])?.isEmpty == true },
                "content text must neither ping nor show as a mention")
        let embed = try #require(((discord.first?["body"] as? [String: Any])?["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == "🟠 Investigating: Scan API errors @\u{200B}here")
        #expect((embed["description"] as? String)?.hasSuffix("…") == true, "the long update is cut to Discord's limit")
        #expect((embed["description"] as? String)?.contains("[the runbook](https://docs.example.org/runbook)") == true)

        let teams = receivers.teams
        #expect(teams.count == 1)
        #expect(teams.allSatisfy { $0["valid"] as? Bool == true }, "\(Self.errors(teams))")
        #expect(teams.map { $0["status"] as? Int } == [202])
        #expect(teams.allSatisfy { ($0["special"] as? [Any])?.isEmpty == true }, "no <at> mention or card function in the text")
        #expect(receivers.mails.count == 1)

        // Resolved, plus a TestNet incident: Teams gets both, Discord (MainNet only) the first.
        try repo.write("incidents/2026-11-24-scan-errors.md", NotifyCommandTests.incident("Scan API errors @here", [
            (at: "2026-11-24T10:00Z", status: "investigating", text: Self.hostileText),
            (at: "2026-11-24T11:00Z", status: "resolved", text: "All Scans answer again."),
        ]))
        try repo.write("incidents/2026-11-24-testnet-scan.md", NotifyCommandTests.incident("TestNet Scan errors", on: "testnet", [
            (at: "2026-11-24T10:50Z", status: "investigating", text: "Looking."),
        ]))
        try repo.commitAll("Resolve incident", date: "2026-11-24T11:01:00Z")
        result = try Self.notify(["--now", "2026-11-24T11:05Z"], in: repo, receivers)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("2 events, 5 delivered, 0 pending"), "\(result.standardOutput)")
        #expect(receivers.discord.count == 2 && receivers.teams.count == 3 && receivers.mails.count == 3)
        #expect(Self.errors(receivers.discord + receivers.teams).isEmpty, "\(Self.errors(receivers.discord + receivers.teams))")

        // The same range again sends nothing: the ledger has every pair.
        result = try Self.notify(["--from", "HEAD~1", "--to", "HEAD", "--now", "2026-11-24T11:06Z"], in: repo, receivers)
        #expect(result.status == 0)
        #expect(receivers.discord.count == 2 && receivers.teams.count == 3)
    }

    @Test func aRateLimitedChatTargetIsRetriedAfterTheWaitItAskedFor() throws {
        try Self.withOnePostedIncident { receivers, repo in
            let result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers,
                                         discordScript: "retry-after-1,204", teamsScript: "retry-after-1,202")

            #expect(result.status == 0, "\(result.standardError)")
            for (name, records, success) in [("status-discord", receivers.discord, 204), ("status-teams", receivers.teams, 202)] {
                #expect(records.map { $0["status"] as? Int } == [429, success], "\(name)")
                #expect(Set(records.compactMap { $0["body_text"] as? String }).count == 1, "\(name): the retry sends the same body")
                let times = records.compactMap { $0["at"] as? Double }
                #expect(times.count == 2 && times[1] - times[0] >= 0.95, "\(name) was retried \(times) apart, before the 1 s it asked for")
                #expect(result.standardOutput.contains("→ \(name) (attempt 2)"), "\(result.standardOutput)")
            }
        }
    }

    @Test func mailCarriesTheListsHeadersThroughARealSMTPServer() throws {
        try Self.withOnePostedIncident { receivers, repo in
            let result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers)

            #expect(result.status == 0, "\(result.standardError)")
            let mail = try #require(receivers.mails.first)
            #expect(mail.parsed("list_id") == #""Canton Network Status" <status.canton.example.org>"#)
            #expect(mail.parsed("list_unsubscribe") == "<mailto:validator-announce+unsubscribe@lists.canton.example.org?subject=unsubscribe>")
            #expect(mail.parsed("list_subscribe") == "<https://lists.canton.example.org/g/validator-announce>")
            let parts = try #require((mail["parsed"] as? [String: Any])?["parts"] as? [[String: Any]])
            let plain = try #require(parts.first { $0["content_type"] as? String == "text/plain" }?["text"] as? String)
            #expect(plain.hasSuffix("To stop these mails: mailto:validator-announce+unsubscribe@lists.canton.example.org?subject=unsubscribe\n"))
        }
    }
}
