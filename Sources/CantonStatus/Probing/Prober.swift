internal import Foundation

/// Runs every check of one network and turns the answers into component states.
///
/// First the network is discovered from its seed Scan (`/v0/scans` for every SV's Scan,
/// `/v0/dso-sequencers` for the sequencers of the current migration id, `/v0/migrations/schedule`
/// for an announced upgrade): nothing about the SV set is hard-coded. Then every target of every
/// check runs at once, at most `concurrency` in flight, so a run of hundreds of targets takes about
/// as long as its slowest timeout, not their sum.
public struct Prober<HTTP: ProbeTransport>: Sendable {
    public var http: HTTP
    public var configuration: Configuration
    /// The environment variables `${VAR}` references in checks read.
    public var variables: [String: String]
    public var now: Timestamp
    public var concurrency = 64
    /// Called as targets finish: (done, total).
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(http: HTTP, configuration: Configuration, variables: [String: String], now: Timestamp) {
        self.http = http
        self.configuration = configuration
        self.variables = variables
        self.now = now
    }

    /// The checks that run on `environment`, with every `${VAR}` resolved. A missing variable is an
    /// error naming it, raised before any client exists: a run that cannot start opens no connections.
    public static func checks(
        on environment: String, configuration: Configuration, variables: [String: String]
    ) throws(EnvironmentError) -> [(component: Component, check: Check)] {
        func resolve(_ text: String, what: String) throws(EnvironmentError) -> String {
            try Self.resolve(text, what: what, variables: variables)
        }
        var result: [(Component, Check)] = []
        for component in configuration.components where configuration.environmentIDs(of: component).contains(environment) {
            for check in component.checks where check.environments.map({ $0.contains { $0.value == environment } }) ?? true {
                var resolved = check
                resolved.url = try check.url.map { url throws(EnvironmentError) in try resolve(url, what: "the URL of a '\(component.id.value)' check") }
                for (name, value) in check.headers {
                    resolved.headers[name] = try resolve(value, what: "the '\(name)' header of a '\(component.id.value)' check")
                }
                result.append((component, resolved))
            }
        }
        return result
    }

    private static func resolve(_ text: String, what: String, variables: [String: String]) throws(EnvironmentError) -> String {
        switch VariableReferences.substitute(text, from: variables) {
        case .success(let value):
            return value
        case .failure(let missing):
            throw EnvironmentError("environment variable \(missing.name) is not set (needed by \(what))",
                                   hint: "set \(missing.name) in the environment of the prober (a CI secret or a Kubernetes Secret); no request was sent")
        }
    }

    // MARK: A run

    /// One target to fetch, and how its answer becomes a result.
    private struct Task: Sendable {
        var component: String
        var checkIndex: Int
        var request: ProbeRequest
        var evaluate: @Sendable (ProbeResponse) -> TargetResult
    }

    public func run(_ environment: Environment, checks: [(component: Component, check: Check)], vantage: String) async -> ProbeRun {
        let seed = Self.trimmed(environment.scan)
        let needsDiscovery = checks.contains { $0.check.kind != .http }
        let network = needsDiscovery ? await discover(seed: seed) : Discovery()

        var tasks: [Task] = []
        var findings: [Int: (state: ComponentState, reason: String)] = [:]
        for (index, (component, check)) in checks.enumerated() {
            let timeout = check.timeout ?? ProbeRequest.defaultTimeout
            let id = component.id.value
            switch check.kind {
            case .http:
                let name = Self.displayName(check.url ?? "")
                let request = ProbeRequest(url: check.url ?? "", method: check.method ?? "GET",
                                           headers: check.headers.sorted { $0.key < $1.key }, timeout: timeout)
                tasks.append(Task(component: id, checkIndex: index, request: request) { CheckEvaluation.http($0, check: check, name: name) })
            case .scans, .versions:
                guard let scans = network.scans else {
                    findings[index] = (.majorOutage, "cannot discover the SV Scans: \(network.scansFailure ?? "no answer") from the seed Scan")
                    continue
                }
                let path = check.path ?? (check.kind == .scans ? "/api/scan/readyz" : "/api/scan/version")
                for sv in scans {
                    let request = ProbeRequest(url: sv.url + path, timeout: timeout)
                    if check.kind == .scans {
                        tasks.append(Task(component: id, checkIndex: index, request: request) {
                            CheckEvaluation.ready($0, kind: .scans, name: sv.name, degradedAbove: check.degradedAbove)
                        })
                    } else {
                        tasks.append(Task(component: id, checkIndex: index, request: request) { Self.version($0, name: sv.name) })
                    }
                }
            case .sequencers:
                guard let sequencers = network.sequencers else {
                    findings[index] = (.majorOutage, "cannot discover the sequencers: \(network.sequencersFailure ?? "no answer") from the seed Scan")
                    continue
                }
                for sequencer in sequencers {
                    let request = ProbeRequest(url: sequencer.url + "/health", timeout: timeout)
                    tasks.append(Task(component: id, checkIndex: index, request: request) { CheckEvaluation.sequencer($0, name: sequencer.name) })
                }
            case .rounds:
                guard let scans = network.scans else {
                    findings[index] = (.majorOutage, "cannot discover the SV Scans: \(network.scansFailure ?? "no answer") from the seed Scan")
                    continue
                }
                let body = Array(#"{"cached_open_mining_round_contract_ids":[],"cached_issuing_round_contract_ids":[]}"#.utf8)
                for sv in scans {
                    let request = ProbeRequest(url: sv.url + "/api/scan/v0/open-and-issuing-mining-rounds", method: "POST",
                                               headers: [("content-type", "application/json")], body: body, timeout: timeout)
                    tasks.append(Task(component: id, checkIndex: index, request: request) { Self.round($0, name: sv.name) })
                }
            }
        }

        let results = await fetchAll(tasks)
        var components: [ComponentResult] = []
        for component in configuration.components where checks.contains(where: { $0.component.id.value == component.id.value }) {
            var state = ComponentState.operational
            var reasons: [String] = []
            var targets: [TargetResult] = []
            var details: [String: String] = [:]
            for (index, (owner, check)) in checks.enumerated() where owner.id.value == component.id.value {
                if let finding = findings[index] {
                    state = max(state, finding.state)
                    reasons.append(finding.reason)
                    continue
                }
                let checkTargets = results.filter { $0.checkIndex == index }.map(\.result)
                let (checkState, reason, shown, checkDetails) = aggregate(check, checkTargets)
                details.merge(checkDetails) { first, _ in first }
                state = max(state, checkState)
                if let reason { reasons.append(reason) }
                targets += shown
            }
            components.append(ComponentResult(component: component.id.value, state: state,
                                              reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), targets: targets,
                                              details: details))
        }
        return ProbeRun(environment: environment.id.value, vantage: vantage, at: now, components: components,
                        announcements: network.announcements.filter { $0.at > now })
    }

    private func aggregate(_ check: Check, _ targets: [TargetResult]) -> (ComponentState, String?, [TargetResult], [String: String]) {
        switch check.kind {
        case .http:
            let worst = targets.max { $0.state < $1.state }
            return (worst?.state ?? .majorOutage, worst?.reason, targets, [:])
        case .scans:
            let (state, reason) = CheckEvaluation.fraction(targets, noun: "SV Scans", failing: "not ready")
            return (state, reason, targets, [:])
        case .sequencers:
            let (state, reason) = CheckEvaluation.fraction(targets, noun: "sequencers", failing: "not serving")
            return (state, reason, targets, [:])
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
            let (state, reason, marked, newest) = CheckEvaluation.roundProgress(targets, rounds: rounds, check: check, now: now)
            return (state, reason, marked, newest.map { ["round": String($0)] } ?? [:])
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

    /// Fetches every task, at most `concurrency` at once, keeping the tasks' order in the result.
    private func fetchAll(_ tasks: [Task]) async -> [(checkIndex: Int, result: TargetResult)] {
        let http = self.http
        let total = tasks.count
        var results = [TargetResult?](repeating: nil, count: total)
        await withTaskGroup(of: (Int, TargetResult).self) { group in
            var next = 0
            func launch() {
                guard next < total else { return }
                let index = next
                let task = tasks[index]
                group.addTask { (index, task.evaluate(await http.fetch(task.request))) }
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
        return zip(tasks, results).compactMap { task, result in result.map { (task.checkIndex, $0) } }
    }

    // MARK: Discovery

    struct Discovery: Sendable {
        struct SV: Sendable { var name: String; var url: String }
        var scans: [SV]?
        var scansFailure: String?
        var sequencers: [SV]?
        var sequencersFailure: String?
        var announcements: [Announcement] = []
    }

    private func discover(seed: String) async -> Discovery {
        async let scansAnswer = http.fetch(ProbeRequest(url: seed + "/api/scan/v0/scans"))
        async let sequencersAnswer = http.fetch(ProbeRequest(url: seed + "/api/scan/v0/dso-sequencers"))
        async let scheduleAnswer = http.fetch(ProbeRequest(url: seed + "/api/scan/v0/migrations/schedule"))
        var discovery = Discovery()
        switch Self.json(await scansAnswer) {
        case .failure(let failure): discovery.scansFailure = failure.description
        case .success(let root):
            let groups = ResponseJSON.value(at: "scans", in: root) as? [Any] ?? []
            discovery.scans = groups.flatMap { group -> [Discovery.SV] in
                (ResponseJSON.value(at: "scans", in: group) as? [Any] ?? []).compactMap { entry in
                    guard let url = ResponseJSON.value(at: "publicUrl", in: entry).map(ResponseJSON.text),
                          Self.isAcceptableDiscovered(url, seed: seed) else { return nil }
                    let name = ResponseJSON.value(at: "svName", in: entry).map(ResponseJSON.text) ?? Self.displayName(url)
                    return Discovery.SV(name: name, url: Self.trimmed(url))
                }
            }
        }
        switch Self.json(await sequencersAnswer) {
        case .failure(let failure): discovery.sequencersFailure = failure.description
        case .success(let root):
            // The current migration id is the highest one already available; older sequencers stay
            // up for a while after an upgrade and are not what validators use.
            var all: [(migration: Int, sv: Discovery.SV)] = []
            for group in ResponseJSON.value(at: "domainSequencers", in: root) as? [Any] ?? [] {
                for entry in ResponseJSON.value(at: "sequencers", in: group) as? [Any] ?? [] {
                    guard let url = ResponseJSON.value(at: "url", in: entry).map(ResponseJSON.text),
                          Self.isAcceptableDiscovered(url, seed: seed),
                          let migration = ResponseJSON.value(at: "migrationId", in: entry).flatMap({ Int(ResponseJSON.text($0)) }) else { continue }
                    if let after = ResponseJSON.value(at: "availableAfter", in: entry).map(ResponseJSON.text),
                       case .success(let time) = Timestamp.parse(after), time > now { continue }
                    let name = ResponseJSON.value(at: "svName", in: entry).map(ResponseJSON.text) ?? Self.displayName(url)
                    all.append((migration, Discovery.SV(name: name, url: Self.trimmed(url))))
                }
            }
            let current = all.map(\.migration).max()
            discovery.sequencers = all.filter { $0.migration == current }.map(\.sv)
        }
        if case .success(let root) = Self.json(await scheduleAnswer),
           let time = ResponseJSON.value(at: "time", in: root).map(ResponseJSON.text), case .success(let at) = Timestamp.parse(time) {
            let migration = ResponseJSON.value(at: "migration_id", in: root).flatMap { Int(ResponseJSON.text($0)) }
            discovery.announcements.append(Announcement(kind: "synchronizer-upgrade", at: at, migrationID: migration))
        }
        return discovery
    }

    private static func json(_ response: ProbeResponse) -> Result<Any, DiscoveryFailure> {
        switch response.outcome {
        case .failure(let reason): return .failure(DiscoveryFailure(reason))
        case .response(let status, _) where !(200..<300).contains(status): return .failure(DiscoveryFailure("HTTP \(status)"))
        case .response(_, let body):
            return ResponseJSON.parse(body).mapError { DiscoveryFailure($0.reason) }
        }
    }

    /// URLs come from the network itself, so they are not trusted blindly: they must be https (an
    /// SV's public endpoint always is), or else on the seed's own host (a test network on one
    /// machine). A listing pointing probers at `http://169.254.169.254/` or a cluster-internal name
    /// is skipped rather than fetched from inside an operator's cluster.
    static func isAcceptableDiscovered(_ url: String, seed: String) -> Bool {
        if url.lowercased().hasPrefix("https://") { return !isPrivateAddress(URLText.host(of: url)) || URLText.host(of: url) == URLText.host(of: seed) }
        return URLText.host(of: url) == URLText.host(of: seed) && url.hasPrefix(String(seed.prefix { $0 != ":" }) + "://")
    }

    /// Loopback, link-local and RFC 1918 IPv4 literals, and `localhost`.
    static func isPrivateAddress(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host.hasPrefix("fe80:") { return true }
        let octets = host.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4, host.split(separator: ".").count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (169, 254), (192, 168), (0, _): return true
        case (172, 16...31): return true
        default: return false
        }
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    /// `sv.sv-1.global.canton.network.sync.global/api/sv/readyz` for an `http` target.
    static func displayName(_ url: String) -> String {
        let withoutScheme = url.range(of: "://").map { String(url[$0.upperBound...]) } ?? url
        return String(withoutScheme.prefix { $0 != "?" })
    }
}

struct DiscoveryFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
