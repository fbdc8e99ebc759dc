public import Model
public import Content
public import Notify

/// `canton-status notify` as library calls: plan (read the ledger, diff the two revisions, decide
/// what each target is owed), then deliver the plan over a transport, keeping the ledger after
/// every delivery, and return what happened for the caller to print.
///
/// The revisions, the repository the ledger lives in, the transport, the clock (`now`, and the
/// wall clock receivers see) and the sleep between retries are parameters, so the whole job runs
/// in tests against an in-memory receiver.
public struct NotifyJob<Revisions: RevisionReader>: Sendable {
    public var revisions: Revisions
    public var now: Timestamp
    /// The earlier revision; `nil`: the ledger's cursor, else `to`'s parent.
    public var from: String?
    public var to: String

    public init(revisions: Revisions, now: Timestamp, from: String?, to: String) {
        self.revisions = revisions
        self.now = now
        self.from = from
        self.to = to
    }

    /// What the revisions say and what is owed.
    public struct Plan: Sendable {
        public var scan: ChangeScanner<Revisions>.Scan
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

    /// Reads the ledger from `repository` and works out what is owed.
    public func plan(_ repository: some ContentFileSystem) throws(EnvironmentError) -> Plan {
        var ledger = try Self.ledger(in: repository) ?? NotificationLedger()
        let scan = try ChangeScanner(revisions: revisions, now: now).scan(from: from, to: to, cursor: ledger.cursor)
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
        _ plan: Plan, repository: some RepositoryWriter, variables: [String: String], transport: DeliveryTransport,
        wallClock: @escaping @Sendable () -> Timestamp,
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        progress: @escaping @Sendable (DeliveryResult) -> Void = { _ in }
    ) async throws(EnvironmentError) -> Report {
        guard let configuration = plan.scan.configuration else { return Report(results: [], endpoints: [:]) }
        let needed = Set(plan.deliveries.map(\.targetID))
        let resolved = try ResolvedTarget.resolve(configuration.notifications.filter { needed.contains($0.id.value) }, environment: variables)
        var ledger = plan.ledger
        for delivery in plan.deliveries { ledger.owe(delivery.event, to: delivery.targetID) }
        try repository.write(ledger.encoded(), to: NotificationLedger.path)

        let dispatcher = NotificationDispatcher(transport: transport, page: configuration.page, wallClock: wallClock,
                                                sleep: sleep, progress: progress)
        let book = LedgerBook(ledger) { ledger throws(EnvironmentError) in try repository.write(ledger.encoded(), to: NotificationLedger.path) }
        let results = try await dispatcher.deliver(plan.deliveries, to: resolved, book: book)
        ledger = await book.ledger
        ledger.cursor = plan.scan.to
        try repository.write(ledger.encoded(), to: NotificationLedger.path)
        return Report(results: results, endpoints: Dictionary(resolved.map { ($0.id, $0.redactedEndpoint) }) { first, _ in first })
    }

    /// The ledger, `nil` when there is none yet. Unreadable is an error, never an empty ledger:
    /// starting over would send every event again.
    private static func ledger(in repository: some ContentFileSystem) throws(EnvironmentError) -> NotificationLedger? {
        switch try repository.read(NotificationLedger.path, limit: NotificationLedger.maximumSize) {
        case .bytes(let bytes): return try NotificationLedger.decode(bytes)
        case .missing: return nil
        case .tooLarge(let size):
            throw EnvironmentError("the ledger is \(size) bytes, more than \(NotificationLedger.maximumSize)", path: NotificationLedger.path)
        case .outsideRepository(let target):
            throw EnvironmentError("the ledger is a symlink out of the repository (\(target)); not read", path: NotificationLedger.path)
        }
    }
}
