public import Model
internal import Site

/// One event owed to one target.
public struct Delivery: Sendable {
    public var event: NotificationEvent
    public var targetID: String
}

/// What happened to one delivery in this run.
public struct DeliveryResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case delivered(attempts: Int)
        /// Still owed; retried by the next run. `attempts` is 0 when it was not tried because the
        /// target had already failed in this run.
        case pending(reason: String, attempts: Int)
    }

    public var event: NotificationEvent
    public var targetID: String
    public var outcome: Outcome
}

/// Retries within one run: exponential backoff with jitter, and `Retry-After` honoured when the
/// receiver sends one (up to a bound; a receiver asking for longer keeps the delivery pending).
public struct RetryPolicy: Sendable {
    public var attempts = 3
    public var baseDelay: Duration = .milliseconds(500)
    public var maximumRetryAfter: Int64 = 30

    public init() {}

    /// The wait before attempt `attempt + 1`, or `nil` to stop trying in this run.
    func delay(after attempt: Int, retryAfter: Int64?) -> Duration? {
        guard attempt < attempts else { return nil }
        if let retryAfter {
            return retryAfter <= maximumRetryAfter ? .seconds(retryAfter) : nil
        }
        // "Equal jitter": half the backoff is fixed, half random, so retries from many runs spread out.
        let backoff = baseDelay * (1 << (attempt - 1))
        return backoff / 2 + backoff / 2 * Double.random(in: 0...1)
    }
}

/// Serialises changes to the ledger and saves it after each one, so a run killed at any moment
/// has recorded every delivery a receiver acknowledged.
public actor LedgerBook {
    public private(set) var ledger: NotificationLedger
    private let save: @Sendable (NotificationLedger) throws(EnvironmentError) -> Void

    public init(_ ledger: NotificationLedger, save: @escaping @Sendable (NotificationLedger) throws(EnvironmentError) -> Void) {
        self.ledger = ledger
        self.save = save
    }

    public func update(_ change: @Sendable (inout NotificationLedger) -> Void) throws(EnvironmentError) {
        change(&ledger)
        try save(ledger)
    }
}

/// Sends the owed deliveries: targets in parallel, each target's events one after another in the
/// order they happened (subscribers read "resolved" after "investigating").
///
/// When a target fails after its retries, or answers 410, the rest of its deliveries in this run are
/// left pending untried: a receiver that is down would otherwise cost every event its full backoff.
public struct NotificationDispatcher: Sendable {
    public var transport: DeliveryTransport
    public var retry: RetryPolicy
    /// The page of the revision notified: links, the mail's `Message-ID` host and `List-*` headers.
    public var page: Page
    /// The real clock, for `webhook-timestamp` and the mail `Date`: receivers check them against
    /// their own clocks, so `--now` must not leak into them.
    public var wallClock: @Sendable () -> Timestamp
    public var sleep: @Sendable (Duration) async -> Void
    /// Called after each delivery settles, for the console.
    public var progress: @Sendable (DeliveryResult) -> Void

    public init(
        transport: DeliveryTransport, retry: RetryPolicy = RetryPolicy(), page: Page,
        wallClock: @escaping @Sendable () -> Timestamp,
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        progress: @escaping @Sendable (DeliveryResult) -> Void = { _ in }
    ) {
        self.transport = transport
        self.retry = retry
        self.page = page
        self.wallClock = wallClock
        self.sleep = sleep
        self.progress = progress
    }

    public func deliver(_ deliveries: [Delivery], to targets: [ResolvedTarget], book: LedgerBook) async throws(EnvironmentError) -> [DeliveryResult] {
        let byTarget = Dictionary(grouping: deliveries, by: \.targetID)
        let outcome: Result<[DeliveryResult], EnvironmentError> = await withTaskGroup(of: Result<[DeliveryResult], EnvironmentError>.self) { group in
            for target in targets {
                guard let queue = byTarget[target.id], !queue.isEmpty else { continue }
                group.addTask {
                    do throws(EnvironmentError) {
                        return .success(try await deliver(queue, to: target, book: book))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [DeliveryResult] = []
            for await result in group {
                switch result {
                case .success(let results): all += results
                case .failure(let error): return .failure(error)
                }
            }
            return .success(all)
        }
        return try outcome.get()
    }

    private func deliver(_ queue: [Delivery], to target: ResolvedTarget, book: LedgerBook) async throws(EnvironmentError) -> [DeliveryResult] {
        var results: [DeliveryResult] = []
        var stoppedBecause: String?
        for delivery in queue {
            let event = delivery.event
            let outcome: DeliveryResult.Outcome
            if let stoppedBecause {
                outcome = .pending(reason: "not tried: \(stoppedBecause)", attempts: 0)
            } else {
                outcome = await attempt(event, to: target)
                if case .pending(let reason, _) = outcome { stoppedBecause = "the target failed earlier in this run (\(reason))" }
            }
            let now = wallClock()
            let targetID = target.id
            switch outcome {
            case .delivered:
                try await book.update { $0.markDelivered(event, to: targetID, at: now) }
            case .pending(let reason, let attempts):
                try await book.update { $0.markFailed(event, to: targetID, attempts: attempts, reason: reason, at: now) }
            }
            let result = DeliveryResult(event: event, targetID: target.id, outcome: outcome)
            progress(result)
            results.append(result)
        }
        return results
    }

    /// Tries one delivery up to `retry.attempts` times.
    private func attempt(_ event: NotificationEvent, to target: ResolvedTarget) async -> DeliveryResult.Outcome {
        var attempt = 1
        while true {
            switch await send(event, to: target) {
            case .delivered:
                return .delivered(attempts: attempt)
            case .failed(let reason, let retryAfter, let gone):
                if gone { return .pending(reason: reason, attempts: attempt) }
                guard let delay = retry.delay(after: attempt, retryAfter: retryAfter) else {
                    let asked = retryAfter.map { $0 > retry.maximumRetryAfter ? ", asked to wait \($0) s" : "" } ?? ""
                    return .pending(reason: "\(reason) after \(attempt) attempt\(attempt == 1 ? "" : "s")\(asked)", attempts: attempt)
                }
                await sleep(delay)
                attempt += 1
            }
        }
    }

    private func send(_ event: NotificationEvent, to target: ResolvedTarget) async -> DeliveryOutcome {
        await target.target.kind.format.send(event, to: target, context: MessageContext(page: page, sentAt: wallClock()), over: transport)
    }
}

/// Which (event, target) pairs this run owes: every accepted pair not yet delivered, and everything
/// the ledger still holds as pending, oldest event first.
public enum DeliveryPlanner {
    public static func deliveries(events: [NotificationEvent], ledger: NotificationLedger, targets: [NotificationTarget]) -> [Delivery] {
        var seen = Set<String>()
        var deliveries: [Delivery] = []
        let targetIDs = Set(targets.map(\.id.value))
        for entry in ledger.pending.values {
            for targetID in entry.targets.keys.sorted() where targetIDs.contains(targetID) && seen.insert("\(entry.event.id)\n\(targetID)").inserted {
                deliveries.append(Delivery(event: entry.event, targetID: targetID))
            }
        }
        for event in events {
            for target in targets where target.accepts(event) {
                let targetID = target.id.value
                guard !ledger.isDelivered(event.id, to: targetID), seen.insert("\(event.id)\n\(targetID)").inserted else { continue }
                deliveries.append(Delivery(event: event, targetID: targetID))
            }
        }
        return deliveries.sorted { ($0.event.occurredAt, $0.event.id, $0.targetID) < ($1.event.occurredAt, $1.event.id, $1.targetID) }
    }
}
