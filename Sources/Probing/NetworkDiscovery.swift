internal import Model
internal import Status

/// Finds out what a network is (its SVs, their Scans and sequencers, what it announced) from
/// several SV Scans, accepting only what f+1 of them agree on.
///
/// 1. **The SV set.** `/v0/dso` is read from every Scan the prober trusts to name Scans: the
///    configured seeds and the Scans of the last agreed view (kept in `latest.json`); on a first
///    run, and whenever those do not agree, also the Scans the DSO mirror lists; on a first run
///    without a mirror, the Scans the seeds list themselves (nothing else names any). Each Scan
///    (host and port) votes once. The answer is accepted when f+1 Scans give the same SV set,
///    threshold and schedules, with f = ⌊(n−1)/3⌋ for n the larger of the SV count the answer
///    claims and the number of Scans known (so one lying Scan that claims a network of one SV is
///    not enough on its own).
/// 2. **Scans and sequencers.** `/v0/scans`, `/v0/dso-sequencers` and
///    `/v0/active-synchronizer-serial` are read from the Scans of step 1, each accepted at f+1
///    equal answers for the n SVs of the accepted SV set. An SV of that set without a Scan or a
///    sequencer is kept, as missing.
///
/// When step 1 reaches no quorum but at least f+1 of the Scans asked still answered (2xx or 5xx:
/// most SVs down is a fact, not the prober's own trouble), the checks run on the last view agreed
/// within a day. When fewer answered, or no such view exists, the network is not judged: every
/// check that depends on it says "not measured" and why, instead of reporting an outage that may
/// be the prober's own.
struct NetworkDiscovery: Sendable {
    var seeds: [String]
    /// The view the vantage's last runs agreed on, if any.
    var lastAgreed: NetworkSummary?
    var mirror: String?
    var now: Timestamp
    var timeout: Interval

    /// What discovery found; `unjudged` is set when the checks that need the network cannot run.
    struct View: Sendable {
        var unjudged: String?
        var svCount = 0
        var votingThreshold: Int?
        /// When a quorum agreed on this view: now, or the time of the last agreed view reused.
        var agreedAt: Timestamp?
        /// Why the last agreed view was reused, for the reasons of the checks.
        var reusedBecause: String?
        /// Every SV of the accepted set with a Scan, and the names of those without one.
        var scans: [NetworkDocuments.Endpoint] = []
        var missingScans: [String] = []
        var sequencers: [NetworkDocuments.Endpoint]?
        var missingSequencers: [String] = []
        var sequencersFailure: String?
        var serial: Int?
        var migrationID: Int?
        var announcements: [Announcement] = []

        /// f = ⌊(n−1)/3⌋: how many SVs may fail (or lie) with the network still working.
        var faultTolerance: Int { FaultBudget.faultTolerance(svCount) }

        /// What `latest.json` keeps of this view; `nil` when it was not judged.
        var summary: NetworkSummary? {
            guard unjudged == nil, let agreedAt else { return nil }
            return NetworkSummary(
                agreedAt: agreedAt, svCount: svCount, votingThreshold: votingThreshold, sequencerSerial: serial, migrationID: migrationID,
                scans: scans.map { .init(sv: $0.sv, url: $0.url) }, sequencers: sequencers.map { $0.map { .init(sv: $0.sv, url: $0.url) } },
                missingScans: missingScans, missingSequencers: missingSequencers)
        }
    }

    /// Scans asked in one read at most; a longer list (a hand-edited file, a forged listing) is cut.
    static let maximumScans = 256
    /// A view agreed longer ago than this is not probed again: the SV set may have changed since.
    static let reuseLimit: Int64 = 24 * 3600

    func discover(over transport: some ProbeTransport) async -> View {
        let known = (lastAgreed?.scans ?? []).map(\.url).filter(isAcceptable)
        // Who votes: the configured seeds, the last agreed Scans and the mirror's, sources this
        // prober trusts to name Scans. A seed's own `/v0/scans` only fills in when nothing else
        // names any (a first run without a mirror), as Splice's clients bootstrap from a seed.
        var voters = Set((seeds + known).map(NetworkDocuments.trimmed).filter(isAcceptable))
        var mirrorDSO: NetworkDocuments.DSO?
        var mirrorFetched = false
        func addMirror() async -> Bool {
            mirrorFetched = true
            mirrorDSO = await fetchMirror(over: transport)
            let extra = Set((mirrorDSO?.svs ?? []).compactMap(\.scan).filter(isAcceptable)).subtracting(voters)
            voters.formUnion(extra)
            return !extra.isEmpty
        }
        func floor() -> Int { max(Set(voters.map(NetworkDocuments.scanIdentity)).count, mirrorDSO?.svs.count ?? 0) }

        if known.isEmpty {
            _ = await addMirror()
            if mirrorDSO == nil { voters.formUnion(await listedBySeeds(over: transport).filter(isAcceptable)) }
        }
        var outcome = await readDSO(from: voters, floor: floor(), over: transport)
        if outcome.value == nil, !mirrorFetched, mirror != nil, await addMirror() {
            outcome = await readDSO(from: voters, floor: floor(), over: transport)
        }
        if let dso = outcome.value {
            return await readNetwork(dso, scans: voters.union(dso.svs.compactMap(\.scan).filter(isAcceptable)), over: transport)
        }
        let shortfall = "no quorum of Scans on the SV set: \(outcome.shortfall)"
        // The mirror is one publisher, not a quorum, but it is the only word on an upgrade then.
        let announcements = mirrorDSO.map { Self.announcements($0, now: now) } ?? []
        if let last = lastAgreed, now.secondsSince1970 - last.agreedAt.secondsSince1970 <= Self.reuseLimit,
           outcome.reached >= FaultBudget.faultTolerance(last.svCount) + 1 {
            var view = view(of: last)
            view.reusedBecause = "probed on the SV set as agreed at \(last.agreedAt): now \(shortfall)"
            view.announcements = announcements
            return view
        }
        var view = View(unjudged: shortfall)
        view.announcements = announcements
        return view
    }

    /// The checks' view of a summary kept from an earlier run. It was read back from a file, so
    /// its URLs pass the same check as URLs the network hands out.
    func view(of summary: NetworkSummary) -> View {
        func endpoints(_ list: [NetworkSummary.Endpoint]) -> [NetworkDocuments.Endpoint] {
            list.filter { isAcceptable($0.url) }.map { NetworkDocuments.Endpoint(sv: $0.sv, url: $0.url) }
        }
        var view = View()
        view.svCount = summary.svCount
        view.votingThreshold = summary.votingThreshold
        view.agreedAt = summary.agreedAt
        view.scans = endpoints(summary.scans)
        view.missingScans = summary.missingScans
        view.sequencers = summary.sequencers.map(endpoints)
        view.missingSequencers = summary.missingSequencers
        view.serial = summary.sequencerSerial
        view.migrationID = summary.migrationID
        if view.sequencers == nil { view.sequencersFailure = "no sequencer list was agreed at \(summary.agreedAt)" }
        return view
    }

    private func fetchMirror(over transport: some ProbeTransport) async -> NetworkDocuments.DSO? {
        guard let mirror else { return nil }
        guard case .success(let root) = Self.json(await transport.fetch(ProbeRequest(url: mirror, timeout: timeout))) else { return nil }
        return NetworkDocuments.dso(root)
    }

    private func listedBySeeds(over transport: some ProbeTransport) async -> Set<String> {
        await withTaskGroup(of: [String].self) { group in
            for seed in Set(seeds.map(NetworkDocuments.trimmed)) {
                group.addTask {
                    let response = await transport.fetch(ProbeRequest(url: seed + "/api/scan/v0/scans", timeout: timeout))
                    guard case .success(let root) = Self.json(response) else { return [] }
                    return (NetworkDocuments.scans(root, synchronizer: nil) ?? []).map(\.url)
                }
            }
            var urls = Set<String>()
            for await listed in group { urls.formUnion(listed) }
            return urls
        }
    }

    private func readDSO(from scans: Set<String>, floor: Int, over transport: some ProbeTransport) async -> QuorumRead<NetworkDocuments.DSO>.Outcome {
        let read = QuorumRead<NetworkDocuments.DSO>(
            path: "/api/scan/v0/dso", timeout: timeout, parse: NetworkDocuments.dso,
            needed: { FaultBudget.faultTolerance(max($0.svs.count, floor)) + 1 },
            neededWithoutAnswers: FaultBudget.faultTolerance(floor) + 1)
        return await read.read(from: Array(scans.sorted().prefix(Self.maximumScans)), over: transport)
    }

    private func readNetwork(_ dso: NetworkDocuments.DSO, scans: Set<String>, over transport: some ProbeTransport) async -> View {
        let needed = FaultBudget.faultTolerance(dso.svs.count) + 1
        let synchronizer = dso.activeSynchronizer
        let urls = Array(scans.sorted().prefix(Self.maximumScans))
        async let scansRead = QuorumRead<[NetworkDocuments.Endpoint]>(
            path: "/api/scan/v0/scans", timeout: timeout, parse: { NetworkDocuments.scans($0, synchronizer: synchronizer) },
            needed: { _ in needed }, neededWithoutAnswers: needed
        ).read(from: urls, over: transport)
        async let sequencersRead = QuorumRead<[NetworkDocuments.SequencerEntry]>(
            path: "/api/scan/v0/dso-sequencers", timeout: timeout, parse: { NetworkDocuments.sequencers($0, synchronizer: synchronizer) },
            needed: { _ in needed }, neededWithoutAnswers: needed
        ).read(from: urls, over: transport)
        async let serialRead = QuorumRead<Int>(
            path: "/api/scan/v0/active-synchronizer-serial", timeout: timeout, parse: NetworkDocuments.activeSerial,
            needed: { _ in needed }, neededWithoutAnswers: needed
        ).read(from: urls, over: transport)

        var view = View()
        view.svCount = dso.svs.count
        view.votingThreshold = dso.votingThreshold
        view.agreedAt = now
        view.announcements = Self.announcements(dso, now: now)
        let members = Set(dso.svs.map(\.name))

        // Scans: the agreed `/v0/scans`; without agreement, the Scans the agreed SV set publishes.
        let listed = await scansRead
        var scanOf: [String: String] = [:]
        if let endpoints = listed.value {
            for endpoint in endpoints where members.contains(endpoint.sv) && isAcceptable(endpoint.url) && scanOf[endpoint.sv] == nil {
                scanOf[endpoint.sv] = endpoint.url
            }
        } else {
            for sv in dso.svs { if let url = sv.scan, isAcceptable(url) { scanOf[sv.name] = url } }
        }
        view.scans = scanOf.map { NetworkDocuments.Endpoint(sv: $0.key, url: $0.value) }.sorted()
        view.missingScans = dso.svs.map(\.name).filter { scanOf[$0] == nil }

        let sequencers = await sequencersRead
        let serial = await serialRead
        if let entries = sequencers.value {
            let choice = SequencerSelection.choose(
                entries.filter { members.contains($0.sv) && isAcceptable($0.url) }, activeSerial: serial.value,
                upgrade: dso.logicalUpgrade, now: now)
            view.serial = choice.serial
            view.migrationID = choice.migrationID
            view.sequencers = choice.sequencers
            let present = Set(choice.sequencers.map(\.sv))
            view.missingSequencers = dso.svs.map(\.name).filter { !present.contains($0) }
        } else {
            view.sequencersFailure = "no quorum of Scans on the sequencer list: \(sequencers.shortfall)"
        }
        return view
    }

    /// Upgrades the agreed (or mirrored) DSO rules schedule that are still ahead.
    static func announcements(_ dso: NetworkDocuments.DSO, now: Timestamp) -> [Announcement] {
        var result: [Announcement] = []
        if let migration = dso.migration, migration.time > now {
            result.append(Announcement(kind: Announcement.hardMigration, at: migration.time, migrationID: migration.migrationID))
        }
        if let upgrade = dso.logicalUpgrade, upgrade.upgradeTime > now {
            result.append(Announcement(kind: Announcement.logicalUpgrade, at: upgrade.upgradeTime, migrationID: nil,
                                       serial: upgrade.serial, protocolVersion: upgrade.protocolVersion,
                                       topologyFreezeAt: upgrade.topologyFreezeTime))
        }
        return result
    }

    /// A URL the network itself handed out, acceptable for any configured seed.
    func isAcceptable(_ url: String) -> Bool {
        seeds.contains { Self.isAcceptableDiscovered(url, seed: $0) }
    }

    static func json(_ response: ProbeResponse) -> Result<Any, DiscoveryFailure> {
        switch response.outcome {
        case .failure(let reason): return .failure(DiscoveryFailure(reason))
        case .response(let status, _) where !(200..<300).contains(status): return .failure(DiscoveryFailure("HTTP \(status)"))
        case .response(_, let body):
            return ResponseJSON.parse(body).mapError { DiscoveryFailure($0.reason) }
        }
    }

    /// URLs come from the network itself, so they are not trusted blindly: they must be https (an
    /// SV's public endpoint always is) to a host that is not a loopback, private or link-local
    /// address literal, or else on the seed's own host (a test network on one machine). A listing
    /// pointing probers at `http://169.254.169.254/` or `https://10.0.0.7/` is skipped rather than
    /// fetched from inside an operator's cluster. (A public name that resolves to a private address
    /// is not caught here: that needs the resolver, and the prober runs where its operator put it.)
    static func isAcceptableDiscovered(_ url: String, seed: String) -> Bool {
        let host = URLText.host(of: url)
        if url.lowercased().hasPrefix("https://") { return !isPrivateAddress(host) || host == URLText.host(of: seed) }
        return host == URLText.host(of: seed) && url.hasPrefix(String(seed.prefix { $0 != ":" }) + "://")
    }

    /// Loopback, private, shared (100.64/10), link-local and unspecified address literals, IPv4 and
    /// IPv6 (IPv4-mapped included), and `localhost` names.
    static func isPrivateAddress(_ host: String) -> Bool {
        let host = host.hasSuffix(".") ? String(host.dropLast()) : host
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host.contains(":") {
            if host.hasPrefix("::ffff:") { return isPrivateAddress(String(host.dropFirst(7))) }
            return host == "::1" || host == "::" || host.hasPrefix("fe80:") || host.hasPrefix("fc") || host.hasPrefix("fd")
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        let octets = parts.compactMap { UInt8($0) }
        guard octets.count == 4, parts.count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (169, 254), (192, 168), (0, _): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }

    /// `scan.sv-1.global.canton.network.sync.global` of a URL, for reasons.
    static func displayHost(_ url: String) -> String {
        let host = URLText.hostAndPort(of: url).map(String.init) ?? url
        return host.isEmpty ? url : host
    }
}

struct DiscoveryFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
