public import CantonStatus
public import Foundation

/// `canton-status notify` as library calls: plan (read the ledger, diff the two revisions with
/// libgit2, decide what each target is owed), then deliver the plan over a transport, keeping the
/// ledger on disk after every delivery, and return what happened for the caller to print.
///
/// The transport, the clock (`now`, and the wall clock receivers see) and the sleep between
/// retries are parameters, so the whole job runs in tests against an in-memory receiver.
public struct NotifyJob: Sendable {
    public var root: URL
    public var now: Timestamp
    /// The earlier revision; `nil`: the ledger's cursor, else `to`'s parent.
    public var from: String?
    public var to: String

    public init(root: URL, now: Timestamp, from: String?, to: String) {
        self.root = root
        self.now = now
        self.from = from
        self.to = to
    }

    /// What the revisions say and what is owed.
    public struct Plan: Sendable {
        public var scan: ChangeScanner<LibGit2Revisions>.Scan
        public var ledger: NotificationLedger
        public var deliveries: [Delivery]
        /// Deliveries given up on: pending for longer than events are kept.
        public var expired: [(event: NotificationEvent, targetID: String)]
        /// `1a2b3c4..5d6e7f8`, for messages.
        public var range: String
    }

    public struct Report: Sendable {
        public var results: [DeliveryResult]
        /// Printable endpoints (scheme and host) of the targets, by id.
        public var endpoints: [String: String]

        public var pending: [DeliveryResult] { results.filter { if case .pending = $0.outcome { true } else { false } } }
    }

    private var ledgerURL: URL { root.appendingPathComponent(NotificationLedger.path) }

    public func plan() throws(EnvironmentError) -> Plan {
        var ledger = try AtomicFile.read(ledgerURL).map { bytes throws(EnvironmentError) in try NotificationLedger.decode(bytes) }
            ?? NotificationLedger()
        let scan = try ChangeScanner(revisions: LibGit2Revisions(contentRoot: root.path), now: now)
            .scan(from: from, to: to, cursor: ledger.cursor)
        let targets = scan.configuration?.notifications ?? []
        let expired = scan.configuration == nil ? []
            : ledger.prune(now: now, maximumAge: EventDetector.defaultMaximumAge, targetIDs: Set(targets.map(\.id.value)))
        let range = "\(scan.from.map { String($0.prefix(7)) } ?? "(start)")..\(scan.to.prefix(7))"
        return Plan(scan: scan, ledger: ledger, deliveries: DeliveryPlanner.deliveries(events: scan.events, ledger: ledger, targets: targets),
                    expired: expired, range: range)
    }

    /// Delivers `plan` to its targets. Every secret a delivery needs is resolved from `variables`
    /// before the first one is sent; what is owed is written to the ledger before sending, each
    /// delivery as it settles, and the cursor last, so a crash never loses or repeats a delivery.
    public func deliver(
        _ plan: Plan, variables: [String: String], transport: DeliveryTransport, wallClock: @escaping @Sendable () -> Timestamp,
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        progress: @escaping @Sendable (DeliveryResult) -> Void = { _ in }
    ) async throws(EnvironmentError) -> Report {
        guard let configuration = plan.scan.configuration else { return Report(results: [], endpoints: [:]) }
        let needed = Set(plan.deliveries.map(\.targetID))
        let resolved = try ResolvedTarget.resolve(configuration.notifications.filter { needed.contains($0.id.value) }, environment: variables)
        var ledger = plan.ledger
        for delivery in plan.deliveries { ledger.owe(delivery.event, to: delivery.targetID) }
        try AtomicFile.write(ledger.encoded(), to: ledgerURL)

        let dispatcher = NotificationDispatcher(transport: transport, pageURL: configuration.page.url, wallClock: wallClock,
                                                sleep: sleep, progress: progress)
        let ledgerURL = self.ledgerURL
        let book = LedgerBook(ledger) { ledger throws(EnvironmentError) in try AtomicFile.write(ledger.encoded(), to: ledgerURL) }
        let results = try await dispatcher.deliver(plan.deliveries, to: resolved, book: book)
        ledger = await book.ledger
        ledger.cursor = plan.scan.to
        try AtomicFile.write(ledger.encoded(), to: ledgerURL)
        return Report(results: results, endpoints: Dictionary(resolved.map { ($0.id, $0.redactedEndpoint) }) { first, _ in first })
    }
}
