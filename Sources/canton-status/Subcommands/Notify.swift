import ArgumentParser
import Model
import Validation
import Notify
import CantonStatusLive
import Jobs
import Foundation

/// `canton-status notify`: tell Slack, webhooks and mailing lists what changed between two revisions.
struct Notify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send what changed between two revisions (and due maintenance reminders) to the notification targets, once.",
        discussion: """
            Deliveries are recorded in \(NotificationLedger.path); commit it back so the next run sends nothing twice.
            Without --from, notify starts at the ledger's cursor (the last revision it handled), else at --to's parent.
            Exit status: 0 when everything was delivered, 1 when something is still pending (it is retried next run),
            2 when a secret variable is missing or the repository cannot be read.
            """)

    @Option(help: ArgumentHelp("The earlier revision (default: the ledger's cursor, else --to's parent).", valueName: "rev"))
    var from: String?
    @Option(help: ArgumentHelp("The later revision.", valueName: "rev"))
    var to = "HEAD"
    @Flag(help: "Print each event and the targets it would go to; send nothing and write nothing.")
    var dryRun = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let repository = try global.repository().fileSystem
        let job = NotifyJob(revisions: LibGit2Revisions(contentRoot: repository.root.path), now: try clock.resolvedNow(), from: from, to: to)
        let plan = try job.plan(repository)
        if !plan.scan.diagnostics.isEmpty {
            let report = ValidationReport(diagnostics: plan.scan.diagnostics)
            Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(report))
        }
        guard plan.scan.configuration != nil else {
            Terminal.standardError.write("notify: components.yml at \(to) is not valid; nothing sent\n")
            throw ExitCode(1)
        }
        if dryRun {
            printPlan(plan.scan.events, deliveries: plan.deliveries, range: plan.range)
            return
        }
        let http = HTTPDelivery(userAgent: "canton-status/\(CantonStatusVersion.current) (notify)")
        let smtp = SMTPDelivery()
        let quiet = global.quiet
        let report: NotifyJob<LibGit2Revisions>.Report
        do {
            report = try await job.deliver(
                plan, repository: repository, variables: ProcessInfo.processInfo.environment,
                transport: DeliveryTransport(post: { await http.post($0) }, mail: { await smtp.send($0, server: $1) }),
                wallClock: { Timestamp(Date()) },
                progress: { result in if !quiet { Terminal.standardOutput.write(Self.line(result) + "\n") } })
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()

        let pending = report.pending
        for (event, targetID) in plan.expired {
            Terminal.standardError.write("notify: gave up on \(event.kind.rawValue) \(event.id) → \(targetID): older than 7 days\n")
        }
        if !quiet || !pending.isEmpty {
            let events = plan.scan.events.count
            Terminal.standardOutput.write(
                "notify \(plan.range): \(events) event\(events == 1 ? "" : "s"), \(report.results.count - pending.count) delivered, \(pending.count) pending\n")
        }
        if !pending.isEmpty {
            for result in pending {
                Terminal.standardError.write("pending: \(Self.line(result, endpoint: report.endpoints[result.targetID]))\n")
            }
            Terminal.standardError.write("notify: \(pending.count) deliver\(pending.count == 1 ? "y" : "ies") pending; the next run retries them\n")
            throw ExitCode(1)
        }
        if !plan.expired.isEmpty { throw ExitCode(1) }
    }

    private func printPlan(_ events: [NotificationEvent], deliveries: [Delivery], range: String) {
        let byEvent = Dictionary(grouping: deliveries, by: \.event.id)
        var lines = ["notify \(range) (dry run): \(events.count) event\(events.count == 1 ? "" : "s"), \(deliveries.count) deliveries"]
        var shown = Set<String>()
        for delivery in deliveries where shown.insert(delivery.event.id).inserted {
            let event = delivery.event
            let targets = byEvent[event.id, default: []].map(\.targetID).joined(separator: ", ")
            lines.append("  \(event.occurredAt)  \(event.kind.rawValue)  \(event.id)  → \(targets)")
        }
        for event in events where !shown.contains(event.id) {
            lines.append("  \(event.occurredAt)  \(event.kind.rawValue)  \(event.id)  → (no target wants it, or already delivered)")
        }
        Terminal.standardOutput.write(lines.joined(separator: "\n") + "\n")
    }

    /// `endpoint` is already redacted (scheme and host only).
    private static func line(_ result: DeliveryResult, endpoint: String? = nil) -> String {
        let target = result.targetID + (endpoint.map { " (\($0))" } ?? "")
        switch result.outcome {
        case .delivered(let attempts):
            return "sent \(result.event.kind.rawValue) \(result.event.id) → \(target)\(attempts > 1 ? " (attempt \(attempts))" : "")"
        case .pending(let reason, _):
            return "not sent \(result.event.kind.rawValue) \(result.event.id) → \(target): \(reason)"
        }
    }
}
