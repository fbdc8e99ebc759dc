internal import Foundation
public import Model
public import Status

/// Runs every check of one network and turns the answers into component states.
///
/// First the network is discovered from several of its Scans, accepting what f+1 of them agree on
/// (`NetworkDiscovery`): the SV set, every SV's Scan and sequencer, the upgrades it announced.
/// Nothing about the SV set is hard-coded, and no single Scan decides it. Then every target of
/// every check runs at once, at most `concurrency` in flight, so a run of hundreds of targets takes
/// about as long as its slowest timeout, not their sum.
public struct Prober<Transport: ProbeTransport>: Sendable {
    public var transport: Transport
    public var configuration: Configuration
    /// The environment variables `${VAR}` references in checks read.
    public var variables: [String: String]
    public var now: Timestamp
    public var concurrency = 64
    /// Called as targets finish: (done, total).
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(transport: Transport, configuration: Configuration, variables: [String: String], now: Timestamp) {
        self.transport = transport
        self.configuration = configuration
        self.variables = variables
        self.now = now
    }

    // MARK: A run

    /// One target to check, and how its answer becomes a result.
    private struct Job: Sendable {
        var checkIndex: Int
        var perform: @Sendable () async -> TargetResult
    }

    /// Runs `checks` on `environment`. `lastAgreed` is the network view of the vantage's last runs
    /// (`latest.json`): discovery starts from its Scans besides the configured seeds, and probes it
    /// again when this run reaches enough Scans but no quorum.
    public func run(
        _ environment: Network, checks: [(component: Component, check: Check)], vantage: String, lastAgreed: NetworkSummary? = nil
    ) async -> ProbeRun {
        let needsDiscovery = checks.contains { $0.check.kind != .http }
        let discovery = NetworkDiscovery(
            seeds: environment.scans.map(NetworkDocuments.trimmed), lastAgreed: lastAgreed, mirror: environment.dsoMirror, now: now,
            timeout: checks.filter { $0.check.kind != .http }.compactMap(\.check.timeout).max() ?? ProbeRequest.defaultTimeout)
        let view = needsDiscovery ? await discovery.discover(over: transport) : nil

        var jobs: [Job] = []
        /// Checks that cannot run because the network was not judged, with the reason.
        var notMeasured: [Int: String] = [:]
        var extraTargets: [Int: [TargetResult]] = [:]
        let transport = self.transport
        for (index, (_, check)) in checks.enumerated() {
            let timeout = check.timeout ?? ProbeRequest.defaultTimeout
            if check.kind == .http {
                let name = Self.displayName(check.url ?? "")
                let request = ProbeRequest(url: check.url ?? "", method: check.method ?? "GET",
                                           headers: check.headers.sorted { $0.key < $1.key }, timeout: timeout)
                jobs.append(Job(checkIndex: index) { CheckEvaluation.http(await transport.fetch(request), check: check, name: name) })
                continue
            }
            guard let view, view.unjudged == nil else {
                notMeasured[index] = "not measured: " + (view?.unjudged ?? "the network was not discovered")
                continue
            }
            switch check.kind {
            case .http:
                break  // above
            case .scans, .versions:
                let path = check.path ?? (check.kind == .scans ? "/api/scan/readyz" : "/api/scan/version")
                for sv in view.scans {
                    let request = ProbeRequest(url: sv.url + path, timeout: timeout)
                    if check.kind == .scans {
                        jobs.append(Job(checkIndex: index) {
                            CheckEvaluation.ready(await transport.fetch(request), kind: .scans, name: sv.sv, degradedAbove: check.degradedAbove)
                        })
                    } else {
                        jobs.append(Job(checkIndex: index) { Self.version(await transport.fetch(request), name: sv.sv) })
                    }
                }
                if check.kind == .scans {
                    extraTargets[index] = view.missingScans.map { CheckEvaluation.missing($0, kind: .scans, what: "Scan") }
                }
            case .sequencers:
                guard let sequencers = view.sequencers else {
                    notMeasured[index] = "not measured: " + (view.sequencersFailure ?? "no sequencer list")
                    continue
                }
                for sequencer in sequencers {
                    let request = HealthCheckRequest(url: sequencer.url, timeout: timeout)
                    jobs.append(Job(checkIndex: index) {
                        CheckEvaluation.sequencer(await transport.checkHealth(request), name: sequencer.sv, degradedAbove: check.degradedAbove)
                    })
                }
                let what = view.serial.map { "sequencer for serial \($0)" } ?? "sequencer"
                extraTargets[index] = view.missingSequencers.map { CheckEvaluation.missing($0, kind: .sequencers, what: what) }
            case .rounds:
                let body = Array(#"{"cached_open_mining_round_contract_ids":[],"cached_issuing_round_contract_ids":[]}"#.utf8)
                for sv in view.scans {
                    let request = ProbeRequest(url: sv.url + "/api/scan/v0/open-and-issuing-mining-rounds", method: "POST",
                                               headers: [("content-type", "application/json")], body: body, timeout: timeout)
                    jobs.append(Job(checkIndex: index) { Self.round(await transport.fetch(request), name: sv.sv) })
                }
            }
        }

        let results = await performAll(jobs)
        let faultTolerance = view?.faultTolerance ?? 0
        var components: [ComponentResult] = []
        for component in configuration.components where checks.contains(where: { $0.component.id.value == component.id.value }) {
            var state: ComponentState? = .operational
            var measured = false
            var unmeasured: [String] = []
            var reasons: [String] = []
            var targets: [TargetResult] = []
            var details: [String: String] = [:]
            for (index, (owner, check)) in checks.enumerated() where owner.id.value == component.id.value {
                if let reason = notMeasured[index] {
                    unmeasured.append(reason)
                    continue
                }
                let checkTargets = results.filter { $0.checkIndex == index }.map(\.result) + (extraTargets[index] ?? [])
                let (checkState, reason, shown, checkDetails) = aggregate(check, checkTargets, faultTolerance: faultTolerance, view: view)
                targets += shown
                guard let checkState else {
                    unmeasured += [reason].compactMap { $0 }
                    continue
                }
                measured = true
                details.merge(checkDetails) { first, _ in first }
                state = max(state ?? .operational, checkState)
                if let reason { reasons.append(reason) }
                if check.kind != .http, let reused = view?.reusedBecause { reasons.append(reused) }
            }
            // A component is judged by what was measured; only when nothing was, it is not measured.
            // Checks that could not judge are still named beside those that could.
            if !measured { state = nil }
            let words = measured ? reasons + unmeasured : unmeasured
            // The newest round's opening time is for cadence, not for the page: kept beside details.
            let opensAt = details.removeValue(forKey: "opens_at").flatMap { try? Timestamp.parse($0).get() }
            components.append(ComponentResult(component: component.id.value, state: state,
                                              reason: words.isEmpty ? nil : words.joined(separator: "; "), targets: targets,
                                              details: details, roundOpensAt: opensAt))
        }
        return ProbeRun(environment: environment.id.value, vantage: vantage, at: now, components: components,
                        announcements: (view?.announcements ?? []).filter { $0.at > now }, network: view?.summary)
    }

    /// One check's state from its targets; `nil` when the answers cannot be judged (rounds that
    /// fewer than f+1 Scans reported).
    private func aggregate(
        _ check: Check, _ targets: [TargetResult], faultTolerance: Int, view: NetworkDiscovery.View?
    ) -> (ComponentState?, String?, [TargetResult], [String: String]) {
        switch check.kind {
        case .http:
            let worst = targets.max { $0.state < $1.state }
            return (worst?.state ?? .majorOutage, worst?.reason, targets, [:])
        case .scans:
            let (state, reason) = CheckEvaluation.fraction(targets, noun: "SV Scans", failing: "not ready")
            let (quorumState, quorumReason) = CheckEvaluation.belowQuorum(targets, layer: .scans, view: view, state: state, reason: reason)
            return (quorumState, quorumReason, targets, [:])
        case .sequencers:
            let (fractionState, fractionReason) = CheckEvaluation.fraction(targets, noun: "sequencers", failing: "not serving")
            let (state, reason) = CheckEvaluation.belowQuorum(targets, layer: .sequencers, view: view, state: fractionState, reason: fractionReason)
            var details: [String: String] = [:]
            if let serial = view?.serial { details["serial"] = String(serial) }
            if let migration = view?.migrationID { details["migration"] = String(migration) }
            return (state, reason, targets, details)
        case .versions:
            let failed = targets.filter { $0.state != .operational }
            var reasons = [CheckEvaluation.versionDrift(targets)].compactMap { $0 }
            if !failed.isEmpty { reasons.append("\(failed.count) of \(targets.count) SVs did not report a version") }
            return (.operational, reasons.isEmpty ? nil : reasons.joined(separator: "; "), targets, [:])
        case .rounds:
            var rounds: [String: CheckEvaluation.Round] = [:]
            for target in targets {
                if let number = target.details["round"].flatMap(Int.init), let opens = target.details["opens_at"],
                   case .success(let opensAt) = Timestamp.parse(opens) {
                    rounds[target.name] = .init(number: number, opensAt: opensAt, tickSeconds: Int64(target.details["tick_seconds"] ?? "") ?? 600)
                }
            }
            let progress = CheckEvaluation.roundProgress(targets, rounds: rounds, check: check, now: now, faultTolerance: faultTolerance)
            var details: [String: String] = [:]
            if let newest = progress.newest { details["round"] = String(newest) }
            if let opensAt = progress.newestOpensAt { details["opens_at"] = opensAt.description }
            return (progress.state, progress.reason, progress.targets, details)
        }
    }

    private static func version(_ response: ProbeResponse, name: String) -> TargetResult {
        var result = CheckEvaluation.ready(response, kind: .versions, name: name, degradedAbove: nil)
        guard case .response(_, let body) = response.outcome, result.state == .operational else { return result }
        if case .success(let root) = ResponseJSON.parse(body), let version = ResponseJSON.value(at: "version", in: root) {
            result.details["version"] = ResponseJSON.text(version)
        } else {
            result.state = .majorOutage
            result.reason = "no version in the answer"
        }
        return result
    }

    private static func round(_ response: ProbeResponse, name: String) -> TargetResult {
        var result = CheckEvaluation.ready(response, kind: .rounds, name: name, degradedAbove: nil)
        guard case .response(_, let body) = response.outcome, result.state == .operational else { return result }
        let (round, reason) = CheckEvaluation.newestOpenRound(body)
        guard let round else {
            result.state = .majorOutage
            result.reason = reason
            return result
        }
        result.details = ["round": String(round.number), "opens_at": round.opensAt.description, "tick_seconds": String(round.tickSeconds)]
        return result
    }

    /// Performs every job, at most `concurrency` at once, keeping the jobs' order in the result.
    private func performAll(_ jobs: [Job]) async -> [(checkIndex: Int, result: TargetResult)] {
        let total = jobs.count
        var results = [TargetResult?](repeating: nil, count: total)
        await withTaskGroup(of: (Int, TargetResult).self) { group in
            var next = 0
            func launch() {
                guard next < total else { return }
                let index = next
                let job = jobs[index]
                group.addTask { (index, await job.perform()) }
                next += 1
            }
            for _ in 0..<min(concurrency, total) { launch() }
            var done = 0
            for await (index, result) in group {
                results[index] = result
                done += 1
                progress(done, total)
                launch()
            }
        }
        return zip(jobs, results).compactMap { job, result in result.map { (job.checkIndex, $0) } }
    }

    /// `sv.sv-1.global.canton.network.sync.global/api/sv/readyz` for an `http` target.
    static func displayName(_ url: String) -> String {
        let withoutScheme = url.range(of: "://").map { String(url[$0.upperBound...]) } ?? url
        return String(withoutScheme.prefix { $0 != "?" })
    }
}
