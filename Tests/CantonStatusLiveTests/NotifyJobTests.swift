import Model
import Notify
import CantonStatusLive
import Jobs
import CantonStatusTestSupport
import Foundation
import Testing

/// The notify job without receivers or a process: a real temp git repository, an in-memory
/// transport that records what would leave, a fixed clock and no real sleeping between retries.
@Suite struct NotifyJobTests {
    static let components = """
        page: {title: Jobs, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "https://scan.sv-1.example"}
        groups:
          - {id: apis, name: APIs}
        components:
          - {id: scan-api, name: Scan API, group: apis, checks: [{type: scans}]}
        notifications:
          - {id: partners, type: webhook, url: "${HOOK_URL}", secret: "${HOOK_SECRET}"}

        """

    static let incident = """
        ---
        title: "Scan API errors"
        environments: [mainnet]
        impact: {scan-api: partial-outage}
        updates:
          - at: 2026-11-24T10:00Z
            status: investigating
            text: "Several SV Scans answer 503."
        ---

        """

    static let variables = ["HOOK_URL": "https://hooks.example/partner/abc", "HOOK_SECRET": "whsec" + "_" + Data(repeating: 7, count: 24).base64EncodedString()]

    /// Records every request and answers with `answer`.
    final class Receiver: @unchecked Sendable {  // The lock guards `requests` and `answer`.
        private let lock = NSLock()
        private var requests: [WebRequest] = []
        var answer = DeliveryOutcome.delivered

        var received: [WebRequest] { lock.withLock { requests } }

        func set(_ outcome: DeliveryOutcome) { lock.withLock { answer = outcome } }

        var transport: DeliveryTransport {
            DeliveryTransport(
                post: { request in self.lock.withLock { self.requests.append(request); return self.answer } },
                mail: { _, _ in .failed(reason: "no mail in this test") })
        }
    }

    static func repository() throws -> TempGitRepo {
        let repo = try TempGitRepo()
        try repo.write("components.yml", components)
        try repo.commitAll("Content", date: "2026-11-20T09:00:00Z")
        try repo.write("incidents/2026-11-24-scan-errors.md", incident)
        try repo.commitAll("Post incident", date: "2026-11-24T10:01:00Z")
        return repo
    }

    static func notify(_ repo: TempGitRepo, _ receiver: Receiver) async throws -> (NotifyJob<LibGit2Revisions>.Plan, NotifyJob<LibGit2Revisions>.Report) {
        let job = NotifyJob(revisions: LibGit2Revisions(contentRoot: repo.url.path), now: try Timestamp.parse("2026-11-24T10:05Z").get(),
                            from: nil, to: "HEAD")
        let files = LocalFileSystem(root: repo.url)
        let plan = try job.plan(files)
        let report = try await job.deliver(plan, repository: files, variables: variables, transport: receiver.transport,
                                           wallClock: { (try? Timestamp.parse("2026-11-24T10:05Z").get()) ?? Timestamp(secondsSince1970: 0) },
                                           sleep: { _ in })
        return (plan, report)
    }

    static func header(_ request: WebRequest?, _ name: String) -> String? {
        request?.headers.first { $0.0.lowercased() == name }?.1
    }

    @Test func eachEventIsDeliveredOnceAndAFailureIsRetriedWithTheSameID() async throws {
        let repo = try Self.repository()
        defer { repo.directory.remove() }
        let receiver = Receiver()
        receiver.set(.http(status: 503, retryAfter: nil))

        let (plan, failed) = try await Self.notify(repo, receiver)
        #expect(plan.deliveries.map(\.event.kind.rawValue) == ["incident.created"])
        #expect(failed.pending.count == 1)
        let attempts = receiver.received.count
        #expect(attempts == RetryPolicy().attempts, "retried as the policy says, without sleeping")
        let firstID = Self.header(receiver.received.first, "webhook-id")
        #expect(firstID != nil)

        receiver.set(.delivered)
        let (_, delivered) = try await Self.notify(repo, receiver)
        #expect(delivered.pending.isEmpty)
        #expect(delivered.results.count == 1)
        #expect(Self.header(receiver.received.last, "webhook-id") == firstID, "receivers can drop a duplicate by its id")
        #expect(receiver.received.last?.url == Self.variables["HOOK_URL"])

        let (again, none) = try await Self.notify(repo, receiver)
        #expect(again.deliveries.isEmpty, "delivered once: the ledger remembers it")
        #expect(none.results.isEmpty)
        let ledger = try String(contentsOf: repo.url.appendingPathComponent(NotificationLedger.path), encoding: .utf8)
        #expect(!ledger.contains("hooks.example"), "the ledger holds no secret URL")
        #expect(ledger.contains(try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)), "the cursor is the last revision handled")
    }
}
