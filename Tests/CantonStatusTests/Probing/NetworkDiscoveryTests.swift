@testable import Model
@testable import Status
@testable import Probing
import CantonStatusTestSupport
import Foundation
import Testing

/// Discovery against an in-memory network: what the prober believes when Scans fail, lie, or
/// publish Splice 0.6's logical-upgrade sequencer lists.
@Suite struct NetworkDiscoveryTests {
    static let now = (try? Timestamp.parse("2026-11-20T14:05Z").get()) ?? Timestamp(secondsSince1970: 0)

    @Test func aHealthyNetworkIsReadFromItsScans() async throws {
        let network = InMemoryNetwork(svs: 4)
        let view = await discovery(seeds: [network.scan(0)]).discover(over: network)
        #expect(view.unjudged == nil)
        #expect(view.svCount == 4)
        #expect(view.faultTolerance == 1)
        #expect(view.scans.map(\.sv) == ["SV-0", "SV-1", "SV-2", "SV-3"])
        #expect(view.sequencers?.map(\.url) == (0..<4).map { "https://sequencer-1.sv-\($0).example" })
        #expect(view.serial == 1)
        #expect(view.missingScans.isEmpty)
        #expect(view.summary?.agreedAt == Self.now)
    }

    /// Regression: one seed that failed made every Scan-based component a major outage.
    @Test func theSeedDownIsOneSVDownNotAnOutage() async throws {
        var network = InMemoryNetwork(svs: 4)
        network.down = [network.scan(0)]
        // First run: only the seed and the mirror are known.
        let first = await discovery(seeds: [network.scan(0)], mirror: network.mirror).discover(over: network)
        #expect(first.unjudged == nil)
        #expect(first.svCount == 4)
        #expect(first.scans.count == 4, "the seed stays listed: its readiness check reports it down")
        // Later runs start from the Scans the last run accepted, without the mirror.
        let later = await discovery(seeds: [network.scan(0)], lastAgreed: first.summary).discover(over: network)
        #expect(later.unjudged == nil)
        #expect(later.scans.count == 4)
    }

    @Test func aLyingSeedIsOutvoted() async throws {
        var network = InMemoryNetwork(svs: 7)
        network.liar = network.scan(0)
        let view = await discovery(seeds: [network.scan(0)], mirror: network.mirror).discover(over: network)
        #expect(view.unjudged == nil)
        #expect(view.svCount == 7, "the liar claims a network of one SV")
        #expect(view.scans.count == 7)
        #expect(view.sequencers?.count == 7)
    }

    /// With nothing to compare it against (no mirror, no earlier run), a lone seed is all there is;
    /// with a known list, its lie is one vote of seven.
    @Test func aLoneLyingSeedIsOutvotedOnceTheNetworkIsKnown() async throws {
        var network = InMemoryNetwork(svs: 7)
        network.liar = network.scan(0)
        let agreed = await discovery(seeds: (0..<7).map(network.scan)).discover(over: InMemoryNetwork(svs: 7)).summary
        let view = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(view.svCount == 7)
        #expect(view.reusedBecause == nil, "agreed again, not reused")
    }

    /// No quorum and too few Scans reachable: the prober cannot tell the network's trouble from its
    /// own, so it does not judge.
    @Test func tooFewReachableScansMeanNotMeasured() async throws {
        let healthy = InMemoryNetwork(svs: 4)
        let agreed = await discovery(seeds: [healthy.scan(0)]).discover(over: healthy).summary
        var network = InMemoryNetwork(svs: 4)
        network.unreachable = Set((0..<4).map(network.scan))
        let view = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(view.summary == nil)
        // Which refusals had arrived when the read saw no quorum was possible depends on their order.
        let reason = try #require(view.unjudged)
        #expect(reason.hasPrefix("no quorum of Scans on the SV set: 0 of 4 Scans answered (scan.sv-"))
        #expect(reason.contains(".example: connection refused, scan.sv-"))
        #expect(reason.hasSuffix("), at most 0 agree, 2 must agree"))
    }

    /// No quorum, but the Scans answer (503): most SVs down is a fact, measured on the last agreed
    /// view; without one, a first run does not judge.
    @Test func mostScansDownIsMeasuredOnTheLastAgreedView() async throws {
        let healthy = InMemoryNetwork(svs: 4)
        let agreed = try #require(await discovery(seeds: [healthy.scan(0)]).discover(over: healthy).summary)
        var network = InMemoryNetwork(svs: 4)
        network.down = Set((1..<4).map(network.scan))
        let later = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(later.unjudged == nil)
        #expect(later.scans.count == 4)
        #expect(later.summary?.agreedAt == agreed.agreedAt)
        // How many had answered when the read saw no quorum was possible depends on arrival order.
        #expect(later.reusedBecause?.hasPrefix("probed on the SV set as agreed at 2026-11-20T14:05:00Z: now no quorum of Scans on the SV set: ") == true,
                "\(later.reusedBecause ?? "nil")")
        let first = await discovery(seeds: [network.scan(0)]).discover(over: network)
        #expect(first.unjudged != nil)
    }

    /// Regression: a seed's own listing voted, so a liar listing extra Scans it runs outvoted the
    /// mirror's SVs. Listed Scans now vote only when nothing else names any.
    @Test func aSeedListingFakeScansCannotStuffTheVote() async throws {
        var network = InMemoryNetwork(svs: 7)
        network.liar = network.scan(0)
        network.fakes = 20
        let view = await discovery(seeds: [network.scan(0)], mirror: network.mirror).discover(over: network)
        #expect(view.svCount == 7)
        #expect(view.scans.allSatisfy { !$0.url.contains("fake") })
        // The fakes do carry the vote where the seed's listing is all there is (a first run without
        // a mirror): the case above would fail if listings voted.
        let bootstrap = await discovery(seeds: [network.scan(0)]).discover(over: network)
        #expect(bootstrap.svCount == 1)
    }

    /// A view kept in a file is checked like a listing, and not used once it is a day old.
    @Test func aReusedViewIsCheckedAndExpires() async throws {
        var network = InMemoryNetwork(svs: 4)
        network.down = Set((1..<4).map(network.scan))
        var agreed = NetworkSummary(
            agreedAt: Self.now.adding(seconds: -3600), svCount: 4, votingThreshold: 3, sequencerSerial: 1, migrationID: nil,
            scans: (0..<4).map { .init(sv: network.name($0), url: network.scan($0)) } + [.init(sv: "Intruder", url: "https://10.0.0.7")],
            sequencers: nil, missingScans: [], missingSequencers: [])
        let reused = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(reused.unjudged == nil)
        #expect(reused.scans.map(\.url) == (0..<4).map(network.scan), "the private address is dropped")
        #expect(reused.sequencers == nil, "no sequencer list was agreed: not an empty one")
        #expect(reused.sequencersFailure == "no sequencer list was agreed at 2026-11-20T13:05:00Z")
        agreed.agreedAt = Self.now.adding(seconds: -NetworkDiscovery.reuseLimit - 1)
        let expired = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(expired.unjudged != nil)
    }

    /// 4xx answers (an allowlist or a proxy refusing this prober) are the prober's own trouble.
    @Test func refusalsOfThisProberAreNotReachedScans() async throws {
        let healthy = InMemoryNetwork(svs: 4)
        let agreed = await discovery(seeds: [healthy.scan(0)]).discover(over: healthy).summary
        var network = InMemoryNetwork(svs: 4)
        network.forbidden = Set((0..<4).map(network.scan))
        let view = await discovery(seeds: [network.scan(0)], lastAgreed: agreed).discover(over: network)
        #expect(view.summary == nil, "not judged: the last agreed view is not reused for refusals")
        #expect(view.unjudged?.hasPrefix("no quorum of Scans on the SV set: 0 of 4 Scans answered (scan.sv-") == true,
                "\(view.unjudged ?? "nil")")
        #expect(view.unjudged?.contains(".example: HTTP 403") == true)
    }

    @Test func anSVWithoutAScanIsShownAsMissing() async throws {
        var network = InMemoryNetwork(svs: 4)
        network.withoutScan = ["SV-2"]
        let view = await discovery(seeds: [network.scan(0)]).discover(over: network)
        #expect(view.svCount == 4)
        #expect(view.scans.map(\.sv) == ["SV-0", "SV-1", "SV-3"])
        #expect(view.missingScans == ["SV-2"])
    }

    @Test func anUpgradeAnnouncedInTheDSORulesIsReported() async throws {
        var network = InMemoryNetwork(svs: 4)
        network.successorSerial = true
        let view = await discovery(seeds: [network.scan(0)]).discover(over: network)
        #expect(view.announcements == [
            Announcement(kind: Announcement.logicalUpgrade, at: Self.now.adding(seconds: 3 * 86_400), migrationID: nil, serial: 2,
                         protocolVersion: "34", topologyFreezeAt: Self.now.adding(seconds: 2 * 86_400)),
        ])
        #expect(view.serial == 1, "the successor is listed but not up yet")
    }

    // MARK: Sequencer selection

    static func entry(_ sv: String, _ url: String, migration: Int, serial: Int? = nil, after: String?) -> NetworkDocuments.SequencerEntry {
        NetworkDocuments.SequencerEntry(sv: sv, url: url, migrationID: migration, serial: serial,
                                        availableAfter: after.flatMap { try? Timestamp.parse($0).get() })
    }

    /// Regression: "the highest migration id" picked the legacy entries, and counted SVs twice.
    @Test func theActiveSerialIsChosenOnePerSV() {
        let entries = ["A", "B"].flatMap { sv in
            [
                Self.entry(sv, "https://old.\(sv)", migration: 3, after: nil),
                Self.entry(sv, "https://legacy.\(sv)", migration: 4, after: "2025-12-10T14:00Z"),
                Self.entry(sv, "https://s1.\(sv)", migration: -1, serial: 1, after: "2026-06-20T13:00Z"),
                Self.entry(sv, "https://s2.\(sv)", migration: -1, serial: 2, after: "2026-06-20T13:00Z"),
            ]
        }
        let fromScan = SequencerSelection.choose(entries, activeSerial: 1, upgrade: nil, now: Self.now)
        #expect(fromScan.sequencers.map(\.url) == ["https://s1.A", "https://s1.B"])
        #expect(fromScan.serial == 1)
        let upgrade = NetworkDocuments.LogicalUpgrade(topologyFreezeTime: Self.now.adding(seconds: 3600), upgradeTime: Self.now.adding(seconds: 90_000),
                                                      serial: 2, protocolVersion: "34")
        let fromRules = SequencerSelection.choose(entries, activeSerial: nil, upgrade: upgrade, now: Self.now)
        #expect(fromRules.serial == 1, "the highest below the announced serial 2")
        let afterUpgrade = SequencerSelection.choose(entries, activeSerial: nil, upgrade: nil, now: Self.now)
        #expect(afterUpgrade.serial == 2)
    }

    @Test func withoutSerialsTheHighestAvailableMigrationIsChosen() {
        let entries = [
            Self.entry("A", "https://m3.A", migration: 3, after: "2025-06-01T00:00Z"),
            Self.entry("A", "https://m4.A", migration: 4, after: "2025-12-10T14:00Z"),
            Self.entry("A", "https://m5.A", migration: 5, after: "2027-01-01T00:00Z"),
        ]
        let choice = SequencerSelection.choose(entries, activeSerial: nil, upgrade: nil, now: Self.now)
        #expect(choice.sequencers.map(\.url) == ["https://m4.A"])
        #expect(choice.migrationID == 4)
        #expect(choice.serial == nil)
    }

    @Test func offsetDateTimeMinIsReadAsAvailableSinceAlways() throws {
        let body = #"{"domainSequencers":[{"domainId":"d","sequencers":[{"migrationId":3,"id":"x","url":"https://a","svName":"A","availableAfter":"-999999999-01-01T00:00:00+18:00"}]}]}"#
        let root = try JSONSerialization.jsonObject(with: Data(body.utf8))
        #expect(NetworkDocuments.sequencers(root, synchronizer: "d") == [Self.entry("A", "https://a", migration: 3, after: nil)])
    }

    func discovery(seeds: [String], lastAgreed: NetworkSummary? = nil, mirror: String? = nil) -> NetworkDiscovery {
        NetworkDiscovery(seeds: seeds, lastAgreed: lastAgreed, mirror: mirror, now: Self.now, timeout: .seconds(1))
    }
}
