internal import Foundation
public import Model

/// What `notify` has delivered and what is still owed, kept in the repository at `path` so that CI
/// commits it back and every later run, on any machine, knows it.
///
/// Each (event, target) pair is delivered once: a re-run, a retried CI job or an overlapping range
/// finds the pair under `delivered` and skips it. An event some target has not acknowledged stays
/// under `pending` with the whole event, so the next run retries it even when its own range no
/// longer contains the change. The file is JSON with sorted keys, so each run's change is a small,
/// readable diff.
public struct NotificationLedger: Codable, Sendable, Equatable {
    public static let path = "notify/ledger.json"
    /// Far above what a ledger holds (events are kept for days, not years), and a bound on what a
    /// run reads.
    public static let maximumSize = 64 << 20
    /// Delivered entries are dropped this long after their event: far beyond `EventDetector`'s
    /// maximum age, so a dropped entry can never be derived and sent again.
    public static let retention: Int64 = 90 * 86_400

    public var version = 1
    /// The last revision whose changes were all turned into deliveries; `notify` without `--from`
    /// starts here.
    public var cursor: String?
    public var delivered: [String: Delivered] = [:]
    public var pending: [String: Pending] = [:]

    public struct Delivered: Codable, Sendable, Equatable {
        public var kind: NotificationEvent.Kind
        public var occurredAt: Timestamp
        /// Target id → when the target acknowledged it.
        public var targets: [String: Timestamp]
    }

    public struct Pending: Codable, Sendable, Equatable {
        public var event: NotificationEvent
        /// Target id → the attempts so far.
        public var targets: [String: Attempts]
    }

    public struct Attempts: Codable, Sendable, Equatable {
        public var attempts: Int
        /// Redacted: never a URL's path, query or credentials.
        public var lastError: String?
        public var lastTriedAt: Timestamp?
    }

    public init() {}

    public func isDelivered(_ eventID: String, to targetID: String) -> Bool {
        delivered[eventID]?.targets[targetID] != nil
    }

    /// Records that the pair is owed, before any attempt, so a crash cannot lose it.
    public mutating func owe(_ event: NotificationEvent, to targetID: String) {
        guard !isDelivered(event.id, to: targetID) else { return }
        var entry = pending[event.id] ?? Pending(event: event, targets: [:])
        if entry.targets[targetID] == nil { entry.targets[targetID] = Attempts(attempts: 0) }
        pending[event.id] = entry
    }

    public mutating func markDelivered(_ event: NotificationEvent, to targetID: String, at time: Timestamp) {
        var entry = delivered[event.id] ?? Delivered(kind: event.kind, occurredAt: event.occurredAt, targets: [:])
        entry.targets[targetID] = time
        delivered[event.id] = entry
        pending[event.id]?.targets[targetID] = nil
        if pending[event.id]?.targets.isEmpty == true { pending[event.id] = nil }
    }

    public mutating func markFailed(_ event: NotificationEvent, to targetID: String, attempts: Int, reason: String, at time: Timestamp) {
        owe(event, to: targetID)
        let previous = pending[event.id]?.targets[targetID]?.attempts ?? 0
        pending[event.id]?.targets[targetID] = Attempts(attempts: previous + attempts, lastError: reason, lastTriedAt: time)
    }

    /// Drops delivered entries past `retention`, and pending ones older than `maximumAge` (they are
    /// no longer news; returned so the run can say it gave up on them), and owed pairs whose target
    /// was removed from `components.yml`.
    public mutating func prune(now: Timestamp, maximumAge: Int64, targetIDs: Set<String>) -> [(event: NotificationEvent, targetID: String)] {
        delivered = delivered.filter { now.secondsSince1970 - $0.value.occurredAt.secondsSince1970 <= Self.retention }
        var expired: [(NotificationEvent, String)] = []
        for (id, entry) in pending {
            if now.secondsSince1970 - entry.event.occurredAt.secondsSince1970 > maximumAge {
                expired += entry.targets.keys.sorted().map { (entry.event, $0) }
                pending[id] = nil
                continue
            }
            pending[id]?.targets = entry.targets.filter { targetIDs.contains($0.key) }
            if pending[id]?.targets.isEmpty == true { pending[id] = nil }
        }
        return expired
    }

    // MARK: File format

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and dictionaries cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    public static func decode(_ bytes: [UInt8]) throws(EnvironmentError) -> NotificationLedger {
        do {
            return try JSONDecoder().decode(NotificationLedger.self, from: Data(bytes))
        } catch {
            throw EnvironmentError("the notification ledger is not readable: \(Self.reason(error))", path: path,
                                   hint: "restore it from git (`git checkout -- \(path)`); deleting it would send recent events again")
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            return where_.isEmpty ? context.debugDescription : "\(where_): \(context.debugDescription)"
        default:
            return "invalid JSON"
        }
    }
}
