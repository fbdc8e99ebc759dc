import CantonStatusTestSupport
import Foundation
import Testing

/// The real receivers of `Tests/Receivers/notify_receivers.py` on 127.0.0.1: a Slack-like endpoint
/// that checks Block Kit and its limits, a Discord-like one that checks embeds and their limits and
/// answers 204 (429 with a JSON `retry_after` when scripted), a Teams-Workflows-like one that
/// validates Adaptive Cards against the official schema and answers 202, a webhook endpoint that
/// verifies signatures with the `standardwebhooks` package, and an `aiosmtpd` SMTP server with AUTH.
///
/// Each test starts its own and stops it in `defer`; the process also exits when its stdin closes,
/// so a crashed test run leaves nothing behind.
final class NotifyReceivers: @unchecked Sendable {  // Only touched from the test that owns it.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Receivers/notify_receivers.py")

    let directory: TemporaryDirectory
    let slackPort: Int
    let discordPort: Int
    let teamsPort: Int
    let webhookPort: Int
    let smtpPort: Int
    /// A fresh Standard Webhooks secret shared by the receiver and the run under test.
    let webhookSecret: String
    let smtpUser = "statusbot"
    /// Random per run, so a test can prove it never appears in output.
    let smtpPassword = "pw-" + UUID().uuidString
    private let process: Process
    private let input: Pipe

    /// `offerStartTLS`: the SMTP server offers STARTTLS with a self-signed certificate made for the
    /// run (by `openssl`), which a verifying client must refuse.
    init(offerStartTLS: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "canton-status-receivers")
        var key = [UInt8](repeating: 0, count: 32)
        for index in key.indices { key[index] = UInt8.random(in: 0...255) }
        webhookSecret = "whsec" + "_" + Data(key).base64EncodedString()
        let ready = directory.url.appendingPathComponent("ready.json")
        _ = FileManager.default.createFile(atPath: ready.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--dir", directory.url.appendingPathComponent("records").path,
                             "--smtp-auth", "\(smtpUser):\(smtpPassword)"]
        if offerStartTLS {
            let key = directory.url.appendingPathComponent("key.pem").path
            let certificate = directory.url.appendingPathComponent("cert.pem").path
            let made = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "1", "-subj", "/CN=127.0.0.1",
            ])
            guard made.status == 0 else { throw ReceiverError("openssl could not make a certificate: \(made.standardError)") }
            process.arguments! += ["--smtp-tls-cert", certificate, "--smtp-tls-key", key]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["RECEIVER_WEBHOOK_SECRET"] = webhookSecret
        process.environment = environment
        input = Pipe()
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: ready)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ports = ReadyLine.waitForPorts(in: ready, of: process)
        guard let ports, let slack = ports["slack"], let discord = ports["discord"], let teams = ports["teams"],
              let webhook = ports["webhook"], let smtp = ports["smtp"] else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            directory.remove()
            throw ReceiverError("the receivers did not start (are aiosmtpd, standardwebhooks and adaptive-cards-py installed? scripts/setup --test)")
        }
        slackPort = slack
        discordPort = discord
        teamsPort = teams
        webhookPort = webhook
        smtpPort = smtp
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        directory.remove()
    }

    /// The environment `canton-status notify` needs for the fixtures' targets. `hookScript` scripts
    /// the webhook's answers (`503,503,204`, `410`, `204,hang`), `discordScript` and `teamsScript`
    /// those of the chat receivers (`retry-after-1,204`); `nil` answers normally.
    func environment(hookScript: String? = nil, discordScript: String? = nil, teamsScript: String? = nil) -> [String: String] {
        [
            "SLACK_WEBHOOK_URL": "http://127.0.0.1:\(slackPort)/services/T0000/B0000/\(slackToken)",
            // Discord's shape: /api/webhooks/<id>/<token>; Teams Workflows': the flow's invoke URL
            // with its signature (the secret) in the query.
            "DISCORD_WEBHOOK_URL": "http://127.0.0.1:\(discordPort)/api/webhooks/1234567890/\(discordToken)" + (discordScript.map { "/\($0)" } ?? ""),
            "TEAMS_WEBHOOK_URL": "http://127.0.0.1:\(teamsPort)/workflows/0f1e2d3c/triggers/manual/paths/invoke" + (teamsScript.map { "/\($0)" } ?? "")
                + "?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=\(teamsSignature)",
            "PARTNER_HOOK_URL": "http://127.0.0.1:\(webhookPort)/partner-hook/\(hookScript ?? "plain")",
            "PARTNER_HOOK_SECRET": webhookSecret,
            "SMTP_URL": smtpURL,
        ]
    }

    /// `smtp://` with the receiver's user and password, put together from parts at run time.
    var smtpURL: String {
        var parts = URLComponents()
        parts.scheme = "smtp"
        parts.user = smtpUser
        parts.password = smtpPassword
        parts.host = "127.0.0.1"
        parts.port = smtpPort
        return parts.string ?? ""
    }

    /// The secret part of the Slack URL, as Slack's own URLs carry one in their path.
    let slackToken = "tok" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    /// The same for Discord (the path's last segment) and Teams (the `sig` query parameter).
    let discordToken = "dtok" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    let teamsSignature = "sig" + UUID().uuidString.replacingOccurrences(of: "-", with: "")

    /// Every value a test must never find in output, logs or the ledger.
    var secrets: [String] { [slackToken, discordToken, teamsSignature, webhookSecret, String(webhookSecret.dropFirst(6)), smtpPassword] }

    var slack: [[String: Any]] { records("slack") }
    var discord: [[String: Any]] { records("discord") }
    var teams: [[String: Any]] { records("teams") }
    var webhooks: [[String: Any]] { records("webhook") }
    var mails: [[String: Any]] { records("smtp") }

    private func records(_ name: String) -> [[String: Any]] {
        let url = directory.url.appendingPathComponent("records/\(name).jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String, Value == Any {
    subscript(string key: String) -> String? { self[key] as? String }
    /// `parsed.subject` and the like, for SMTP records.
    func parsed(_ key: String) -> String? { (self["parsed"] as? [String: Any])?[key] as? String }
}
