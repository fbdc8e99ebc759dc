import ArgumentParser
import CantonStatus
import CantonStatusLive
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
        let now = try clock.resolvedNow()
        let root = try global.repository().fileSystem.root
        let ledgerURL = root.appendingPathComponent(NotificationLedger.path)
        var ledger = try AtomicFile.read(ledgerURL).map { bytes throws(EnvironmentError) in try NotificationLedger.decode(bytes) }
            ?? NotificationLedger()

        let scan = try ChangeScanner(revisions: LibGit2Revisions(contentRoot: root.path), now: now)
            .scan(from: from, to: to, cursor: ledger.cursor)
        if !scan.diagnostics.isEmpty {
            let report = ValidationReport(diagnostics: scan.diagnostics)
            Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(report))
        }
        guard let configuration = scan.configuration else {
            Terminal.standardError.write("notify: components.yml at \(to) is not valid; nothing sent\n")
            throw ExitCode(1)
        }
        let range = "\(scan.from.map { String($0.prefix(7)) } ?? "(start)")..\(scan.to.prefix(7))"
        let targets = configuration.notifications
        let expired = ledger.prune(now: now, maximumAge: EventDetector.defaultMaximumAge, targetIDs: Set(targets.map(\.id.value)))
        let deliveries = DeliveryPlanner.deliveries(events: scan.events, ledger: ledger, targets: targets)

        if dryRun {
            printPlan(scan.events, deliveries: deliveries, range: range)
            return
        }
        // Every secret a delivery needs is resolved before the first one is sent.
        let neededTargets = Set(deliveries.map(\.targetID))
        let resolved = try ResolvedTarget.resolve(targets.filter { neededTargets.contains($0.id.value) },
                                                  environment: ProcessInfo.processInfo.environment)
        for delivery in deliveries { ledger.owe(delivery.event, to: delivery.targetID) }
        try AtomicFile.write(ledger.encoded(), to: ledgerURL)

        let http = HTTPDelivery(userAgent: "canton-status/\(CantonStatusVersion.current) (notify)")
        let smtp = SMTPDelivery()
        let quiet = global.quiet
        let dispatcher = NotificationDispatcher(
            transport: DeliveryTransport(post: { await http.post($0) }, mail: { await smtp.send($0, server: $1) }),
            pageURL: configuration.page.url, wallClock: { Timestamp(Date()) },
            progress: { result in if !quiet { Terminal.standardOutput.write(Self.line(result) + "\n") } })
        let book = LedgerBook(ledger) { ledger throws(EnvironmentError) in try AtomicFile.write(ledger.encoded(), to: ledgerURL) }
        let results: [DeliveryResult]
        do {
            results = try await dispatcher.deliver(deliveries, to: resolved, book: book)
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
        ledger = await book.ledger
        ledger.cursor = scan.to
        try AtomicFile.write(ledger.encoded(), to: ledgerURL)

        let pending = results.filter { if case .pending = $0.outcome { true } else { false } }
        for (event, targetID) in expired {
            Terminal.standardError.write("notify: gave up on \(event.kind.rawValue) \(event.id) → \(targetID): older than 7 days\n")
        }
        if !quiet || !pending.isEmpty {
            let delivered = results.count - pending.count
            Terminal.standardOutput.write(
                "notify \(range): \(scan.events.count) event\(scan.events.count == 1 ? "" : "s"), \(delivered) delivered, \(pending.count) pending\n")
        }
        if !pending.isEmpty {
            let endpoints = Dictionary(resolved.map { ($0.id, $0.redactedEndpoint) }) { first, _ in first }
            for result in pending {
                Terminal.standardError.write("pending: \(Self.line(result, endpoint: endpoints[result.targetID]))\n")
            }
            Terminal.standardError.write("notify: \(pending.count) deliver\(pending.count == 1 ? "y" : "ies") pending; the next run retries them\n")
            throw ExitCode(1)
        }
        if !expired.isEmpty { throw ExitCode(1) }
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
