import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status notify` as CI runs it after a push to main: the built binary, a temp git
/// repository with real commits, and real receivers on 127.0.0.1.
@Suite struct NotifyCommandTests {
    static func incident(_ title: String, on environment: String = "mainnet", _ updates: [(at: String, status: String, text: String)]) -> String {
        let timeline = updates.map { "  - at: \($0.at)\n    status: \($0.status)\n    text: \"\($0.text)\"" }.joined(separator: "\n")
        return "---\ntitle: \"\(title)\"\nenvironments: [\(environment)]\nimpact: {scan-api: partial-outage}\nupdates:\n\(timeline)\n---\n"
    }

    static let investigating = (at: "2026-11-24T10:00Z", status: "investigating", text: "Several SV Scans answer **503**.")
    static let identified = (at: "2026-11-24T10:30Z", status: "identified", text: "A bad config push; rolling back.")
    static let resolved = (at: "2026-11-24T11:00Z", status: "resolved", text: "All Scans answer again.")

    /// A repository whose first commit has only `components.yml` (the fixture's, unless given), and
    /// a second commit adding `files` at `date`: what a push to main looks like to `notify`.
    static func repository(posting files: [String: String], at date: String = "2026-11-24T10:01:00Z",
                           components: String? = nil) throws -> TempGitRepo {
        let repo = try StatusRepo.make(components.map { ["components.yml": $0] } ?? [:], commitDate: "2026-11-20T09:00:00Z")
        do {
            for (path, text) in files { try repo.write(path, text) }
            try repo.commitAll("Post content", date: date)
            return repo
        } catch {
            repo.remove()
            throw error
        }
    }

    static func notify(_ arguments: [String], in repo: TempGitRepo, _ receivers: NotifyReceivers, hookScript: String? = nil) throws -> ProcessResult {
        let result = try CLI.run(["notify"] + arguments, in: repo.url, environment: receivers.environment(hookScript: hookScript))
        expectNoSecrets(in: [result.standardOutput, result.standardError, ledgerText(repo)], receivers)
        return result
    }

    static func ledgerText(_ repo: TempGitRepo) -> String {
        (try? String(contentsOf: repo.url.appendingPathComponent("notify/ledger.json"), encoding: .utf8)) ?? ""
    }

    static func ledger(_ repo: TempGitRepo) throws -> [String: Any] {
        let data = try Data(contentsOf: repo.url.appendingPathComponent("notify/ledger.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// How many events the ledger holds as delivered to every one of `targets`; 0 while there is
    /// no ledger yet. Quiet (no recorded issue), for polling a run that is still writing it.
    static func acknowledgedCount(_ repo: TempGitRepo, by targets: Set<String>) -> Int {
        guard let data = try? Data(contentsOf: repo.url.appendingPathComponent("notify/ledger.json")),
              let ledger = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let delivered = ledger["delivered"] as? [String: [String: Any]] else { return 0 }
        return delivered.values.filter { targets.isSubset(of: Set((($0["targets"] as? [String: Any]) ?? [:]).keys)) }.count
    }

    static func expectNoSecrets(in texts: [String], _ receivers: NotifyReceivers, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in receivers.secrets {
                #expect(!text.contains(secret), "a secret appeared in output or the ledger", sourceLocation: sourceLocation)
            }
        }
    }

    static func types(_ records: [[String: Any]]) -> [String] {
        records.compactMap { ($0["body"] as? [String: Any])?["type"] as? String }
    }

    // MARK: The whole sequence

    @Test func aPushToMainSequenceDeliversEachEventOnceToEachTarget() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }

        // Push 1: a new MainNet incident.
        try repo.write("incidents/2026-11-24-scan-errors.md", Self.incident("Scan API errors", [Self.investigating]))
        try repo.commitAll("Post incident", date: "2026-11-24T10:01:00Z")
        var result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(receivers.slack.count == 1)
        #expect(receivers.slack.allSatisfy { $0["valid"] as? Bool == true }, "\(receivers.slack.map { $0["errors"] ?? "" })")
        #expect(receivers.webhooks.map { $0[string: "id"] } == ["incident/2026-11-24-scan-errors/0"])
        #expect(receivers.webhooks.allSatisfy { $0["verified"] as? Bool == true })
        #expect(Self.types(receivers.webhooks) == ["incident.created"])
        #expect(receivers.mails.count == 1)
        #expect(receivers.mails.first?.parsed("subject") == "[MainNet] Investigating: Scan API errors")
        #expect(receivers.mails.first?["auth"] as? String == receivers.smtpUser)
        #expect(receivers.mails.first?.parsed("list_id") == #""Canton Network Status" <status.canton.example.org>"#)
        #expect(receivers.mails.first?.parsed("list_unsubscribe") == nil, "no mailing list in page.subscribe")

        // Push 2: two more updates (the ledger from push 1 is committed with them, as CI does), and a
        // TestNet incident, which the Slack target (MainNet only) must not get.
        try repo.write("incidents/2026-11-24-scan-errors.md",
                       Self.incident("Scan API errors", [Self.investigating, Self.identified, Self.resolved]))
        try repo.write("incidents/2026-11-24-testnet-scan.md",
                       Self.incident("TestNet Scan errors", on: "testnet", [(at: "2026-11-24T10:50Z", status: "investigating", text: "Looking.")]))
        try repo.commitAll("Resolve incident", date: "2026-11-24T11:01:00Z")
        let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        result = try Self.notify(["--now", "2026-11-24T11:05Z"], in: repo, receivers)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("3 events, 8 delivered, 0 pending"), "\(result.standardOutput)")
        #expect(Self.types(receivers.webhooks) ==
                ["incident.created", "incident.updated", "incident.created", "incident.resolved"])
        #expect(receivers.slack.count == 3)
        #expect(receivers.mails.count == 4)
        // Every mail of the MainNet incident threads under the first one.
        let first = try #require(receivers.mails.first?.parsed("message_id"))
        let followUps = receivers.mails.filter { $0.parsed("subject")?.contains("Scan API errors") == true && $0.parsed("message_id") != first }
        #expect(followUps.count == 2)
        #expect(followUps.allSatisfy { $0.parsed("in_reply_to") == first && $0.parsed("references") == first })
        #expect(try Self.ledger(repo)["cursor"] as? String == head)

        // The same run again, and an overlapping range from the first commit: nothing is sent twice.
        result = try Self.notify(["--now", "2026-11-24T11:06Z"], in: repo, receivers)
        #expect(result.status == 0)
        result = try Self.notify(["--from", "HEAD~2", "--to", "HEAD", "--now", "2026-11-24T11:07Z"], in: repo, receivers)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("0 delivered, 0 pending"), "\(result.standardOutput)")
        #expect(receivers.webhooks.count == 4 && receivers.slack.count == 3 && receivers.mails.count == 4)

        // A rename without a change of meaning sends nothing.
        try repo.git("mv", "incidents/2026-11-24-testnet-scan.md", "incidents/2026-11-24-testnet-scan-api.md")
        try repo.commitAll("Rename", date: "2026-11-24T11:10:00Z")
        result = try Self.notify(["--now", "2026-11-24T11:15Z"], in: repo, receivers)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("0 events"), "\(result.standardOutput)")
        #expect(receivers.webhooks.count == 4)
    }

    // MARK: Failures and retries

    @Test func aReceiverThatFailsTwiceGetsTheEventOnceMoreWithTheSameID() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try Self.repository(posting: ["incidents/2026-11-24-scan-errors.md": Self.incident("Scan API errors", [Self.investigating])])
        defer { repo.remove() }

        let result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers, hookScript: "503,503,204")

        #expect(result.status == 0, "\(result.standardError)")
        let hooks = receivers.webhooks
        #expect(hooks.map { $0["status"] as? Int } == [503, 503, 204])
        #expect(Set(hooks.compactMap { $0[string: "id"] }) == ["incident/2026-11-24-scan-errors/0"])
        #expect(hooks.allSatisfy { $0["verified"] as? Bool == true })
        #expect(Set(hooks.compactMap { $0[string: "body_text"] }).count == 1, "every attempt sends the same body")
        #expect(result.standardOutput.contains("→ partners (attempt 3)"))
    }

    @Test func aFailingTargetStaysPendingAndTheNextRunDeliversIt() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try Self.repository(posting: ["incidents/2026-11-24-scan-errors.md": Self.incident("Scan API errors", [Self.investigating])])
        defer { repo.remove() }

        var result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers, hookScript: "retry-after-1,503")
        #expect(result.status == 1)
        // The target is named with its URL redacted to scheme and host.
        #expect(result.standardError.contains(
            "pending: not sent incident.created incident/2026-11-24-scan-errors/0 → partners (http://127.0.0.1:\(receivers.webhookPort)/…): HTTP 503 after 3 attempts"),
                "\(result.standardError)")
        #expect(receivers.webhooks.count == 3)
        #expect(receivers.slack.count == 1 && receivers.mails.count == 1, "the other targets are not held up")
        let pending = try #require(try Self.ledger(repo)["pending"] as? [String: Any])
        #expect(Array(pending.keys) == ["incident/2026-11-24-scan-errors/0"])

        // The next scheduled run has no new commit; the pending delivery goes out from the ledger.
        result = try Self.notify(["--now", "2026-11-24T10:10Z"], in: repo, receivers)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(receivers.webhooks.last?["verified"] as? Bool == true)
        #expect(receivers.webhooks.last?[string: "id"] == "incident/2026-11-24-scan-errors/0")
        #expect((try Self.ledger(repo)["pending"] as? [String: Any])?.isEmpty == true)
        #expect(receivers.slack.count == 1 && receivers.mails.count == 1, "nothing delivered is repeated")
    }

    @Test func aGoneTargetIsNotRetriedInTheRun() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }
        try repo.write("incidents/2026-11-24-scan-errors.md", Self.incident("Scan API errors", [Self.investigating, Self.identified]))
        try repo.commitAll("Post incident", date: "2026-11-24T10:31:00Z")

        let result = try Self.notify(["--now", "2026-11-24T10:35Z"], in: repo, receivers, hookScript: "410")

        #expect(result.status == 1)
        #expect(receivers.webhooks.count == 1, "one 410 stops the target for this run")
        #expect(result.standardError.contains("HTTP 410: the target is gone"))
        #expect(result.standardError.contains("not tried: the target failed earlier in this run"))
        #expect(receivers.slack.count == 2)
    }

    @Test func aRunKilledMidwayRepeatsNothingAcknowledged() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }
        for index in 1...4 {
            try repo.write("incidents/2026-11-24-incident-\(index).md",
                           Self.incident("Incident \(index)", [(at: "2026-11-24T10:0\(index)Z", status: "investigating", text: "Number \(index).")]))
        }
        try repo.commitAll("Four incidents", date: "2026-11-24T10:10:00Z")

        // The webhook answers twice, then hangs; the run is killed once the third request is
        // waiting on it and Slack and mail have every event in the ledger.
        let killed = try ProcessRunner.run(CLI.binary, ["notify", "--now", "2026-11-24T10:15Z"], in: repo.url,
                                           environment: receivers.environment(hookScript: "204,204,hang"), timeout: CLI.timeout,
                                           killWhen: { receivers.webhooks.count >= 3 && Self.acknowledgedCount(repo, by: ["status-slack", "announce"]) == 4 })
        #expect(killed.status == -1, "the run should still be waiting on the hung receiver")
        let ledger = try Self.ledger(repo)
        let delivered = try #require(ledger["delivered"] as? [String: [String: Any]])
        let acknowledged = Set(delivered.filter { ($0.value["targets"] as? [String: Any])?["partners"] != nil }.keys)
        #expect(acknowledged == ["incident/2026-11-24-incident-1/0", "incident/2026-11-24-incident-2/0"])
        let slackBefore = receivers.slack.count
        let mailsBefore = receivers.mails.count
        let hooksBefore = receivers.webhooks.count

        let result = try Self.notify(["--now", "2026-11-24T10:16Z"], in: repo, receivers)

        #expect(result.status == 0, "\(result.standardError)")
        let resent = receivers.webhooks.dropFirst(hooksBefore).compactMap { $0[string: "id"] }
        #expect(Set(resent) == ["incident/2026-11-24-incident-3/0", "incident/2026-11-24-incident-4/0"])
        #expect(acknowledged.isDisjoint(with: resent))
        // Slack and mail had finished before the kill: the second run adds nothing for them.
        #expect(slackBefore == 4 && receivers.slack.count == 4)
        #expect(mailsBefore == 4 && receivers.mails.count == 4)
    }

    // MARK: The clock

    @Test func remindersFireOnceEachAt48And24And1HoursThenStartAndEnd() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }
        try repo.write("maintenance/2026-12-10-sequencer-upgrade.md", Fixtures.validMaintenance)
        try repo.commitAll("Schedule maintenance", date: "2026-12-08T09:00:00Z")

        let runs = ["2026-12-08T10:00Z", "2026-12-08T15:00Z", "2026-12-08T16:00Z", "2026-12-09T15:00Z", "2026-12-09T15:05Z",
                    "2026-12-10T13:30Z", "2026-12-10T13:35Z", "2026-12-10T14:30Z", "2026-12-10T16:30Z", "2026-12-10T17:30Z"]
        for now in runs {
            let result = try Self.notify(["--now", now], in: repo, receivers)
            #expect(result.status == 0, "\(now): \(result.standardError)")
        }

        let hooks = receivers.webhooks
        #expect(Self.types(hooks) == ["maintenance.scheduled", "maintenance.reminder", "maintenance.reminder", "maintenance.reminder",
                                      "maintenance.started", "maintenance.completed"])
        let leads = hooks.compactMap { (($0["body"] as? [String: Any])?["data"] as? [String: Any])?["reminder"] as? [String: Any] }
            .compactMap { $0["lead"] as? String }
        #expect(leads == ["48h", "24h", "1h"])
        #expect(receivers.mails.count == 6)
        #expect(receivers.mails[1].parsed("subject") == "[MainNet] Reminder: maintenance starts 2026-12-10 14:00 UTC: MainNet sequencer upgrade")
    }

    // MARK: Safety

    @Test func aMissingSecretStopsTheRunBeforeAnythingIsSent() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try Self.repository(posting: ["incidents/2026-11-24-scan-errors.md": Self.incident("Scan API errors", [Self.investigating])])
        defer { repo.remove() }
        var environment = receivers.environment()
        environment["PARTNER_HOOK_SECRET"] = ""

        let result = try CLI.run(["notify", "--now", "2026-11-24T10:05Z"], in: repo.url, environment: environment)

        #expect(result.status == 2)
        #expect(result.standardError.contains("environment variable PARTNER_HOOK_SECRET is not set (needed by notification target 'partners'"),
                "\(result.standardError)")
        #expect(receivers.slack.isEmpty && receivers.webhooks.isEmpty && receivers.mails.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("notify/ledger.json").path))
        Self.expectNoSecrets(in: [result.standardOutput, result.standardError], receivers)
    }

    @Test func mailUsesOfferedStartTLSAndRefusesAnUntrustedCertificate() throws {
        let receivers = try NotifyReceivers(offerStartTLS: true)
        defer { receivers.stop() }
        let repo = try Self.repository(posting: ["incidents/2026-11-24-scan-errors.md": Self.incident("Scan API errors", [Self.investigating])])
        defer { repo.remove() }

        let result = try Self.notify(["--now", "2026-11-24T10:05Z"], in: repo, receivers)

        // The server offers STARTTLS, so the client upgrades, and the self-signed certificate fails
        // verification: the mail stays pending and the password was never sent.
        #expect(result.status == 1)
        #expect(result.standardError.contains("→ announce (smtp://127.0.0.1:\(receivers.smtpPort)/…): TLS failed"), "\(result.standardError)")
        #expect(receivers.mails.isEmpty)
        #expect(receivers.webhooks.count == 1 && receivers.slack.count == 1)
    }

    @Test func aDryRunPrintsTheEventsAndSendsNothing() throws {
        let receivers = try NotifyReceivers()
        defer { receivers.stop() }
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }
        try repo.write("incidents/2026-11-24-testnet-scan.md",
                       Self.incident("TestNet Scan errors", on: "testnet", [(at: "2026-11-24T10:50Z", status: "investigating", text: "Looking.")]))
        try repo.commitAll("Post incident", date: "2026-11-24T10:51:00Z")

        let result = try CLI.run(["notify", "--dry-run", "--now", "2026-11-24T11:00Z"], in: repo.url)

        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("(dry run): 1 event, 2 deliveries"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("incident.created  incident/2026-11-24-testnet-scan/0  → announce, partners"))
        #expect(receivers.slack.isEmpty && receivers.webhooks.isEmpty && receivers.mails.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("notify/ledger.json").path))
    }

    @Test func aCursorThatNoLongerResolvesStopsTheRun() throws {
        let repo = try Self.repository(posting: ["incidents/2026-11-24-scan-errors.md": Self.incident("Scan API errors", [Self.investigating])])
        defer { repo.remove() }
        try repo.write("notify/ledger.json", #"{"cursor": "0123456789abcdef0123456789abcdef01234567", "delivered": {}, "pending": {}, "version": 1}"# + "\n")
        let result = try CLI.run(["notify", "--dry-run", "--now", "2026-11-24T10:05Z"], in: repo.url)
        #expect(result.status == 2)
        #expect(result.standardError.contains("the ledger's cursor 0123456789ab is not a commit in this repository"))
    }

    @Test func anUnknownRevisionIsAnEnvironmentError() throws {
        let repo = try StatusRepo.make([:], commitDate: "2026-11-20T09:00:00Z")
        defer { repo.remove() }
        let result = try CLI.run(["notify", "--from", "no-such-branch", "--dry-run"], in: repo.url)
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown revision 'no-such-branch'"))
    }
}
