internal import Foundation
internal import Model
internal import Status

/// What an answer means: pure rules from a response (or several) to a state and a reason.
enum CheckEvaluation {
    /// An `http` check: the expected status (any 2xx when none is given), JSON conditions, latency.
    static func http(_ response: ProbeResponse, check: Check, name: String) -> TargetResult {
        let latency = response.latencyMilliseconds
        func result(_ state: ComponentState, _ reason: String?) -> TargetResult {
            TargetResult(name: name, check: .http, state: state, latencyMilliseconds: latency, reason: reason)
        }
        guard case .response(let status, let body) = response.outcome else {
            if case .failure(let reason) = response.outcome { return result(.majorOutage, reason) }
            return result(.majorOutage, nil)
        }
        let expected = check.expectStatus.map { status == $0 } ?? (200..<300).contains(status)
        guard expected else {
            return result(.majorOutage, check.expectStatus.map { "HTTP \(status), expected \($0)" } ?? "HTTP \(status)")
        }
        if !check.conditions.isEmpty {
            switch ResponseJSON.parse(body) {
            case .failure(let failure):
                return result(.majorOutage, failure.reason)
            case .success(let root):
                for condition in check.conditions {
                    if let failed = unmet(condition, in: root) { return result(.majorOutage, failed) }
                }
            }
        }
        return slowness(latency, over: check.degradedAbove).map { result(.degradedPerformance, $0) } ?? result(.operational, nil)
    }

    /// A reason when `condition` does not hold.
    static func unmet(_ condition: Check.Condition, in root: Any) -> String? {
        let found = ResponseJSON.value(at: condition.path, in: root)
        let wanted = condition.value ?? ""
        switch condition.comparison {
        case .exists:
            return found == nil ? "\(condition.path) is missing" : nil
        case .equals:
            guard let found else { return "\(condition.path) is missing" }
            let text = ResponseJSON.text(found)
            return text == wanted ? nil : "\(condition.path) is \(text), expected \(wanted)"
        case .notEquals:
            guard let found else { return nil }
            let text = ResponseJSON.text(found)
            return text != wanted ? nil : "\(condition.path) is \(text)"
        case .above, .below:
            guard let found, let number = Double(ResponseJSON.text(found)), let limit = Double(wanted) else {
                return "\(condition.path) is not a number"
            }
            let holds = condition.comparison == .above ? number > limit : number < limit
            return holds ? nil : "\(condition.path) is \(ResponseJSON.text(found)), expected \(condition.comparison == .above ? "above" : "below") \(wanted)"
        }
    }

    /// "answered in 2.4 s (limit 2 s)" when slower than the threshold.
    static func slowness(_ latency: Int, over threshold: Interval?) -> String? {
        guard let threshold, Int64(latency) > threshold.milliseconds else { return nil }
        return "answered in \(seconds(latency)) (limit \(threshold.spoken))"
    }

    static func seconds(_ milliseconds: Int) -> String {
        milliseconds < 1000 ? "\(milliseconds) ms" : String(format: "%.1f s", Double(milliseconds) / 1000)
    }

    /// A readiness or health endpoint of one SV: any 2xx is ready.
    static func ready(_ response: ProbeResponse, kind: Check.Kind, name: String, degradedAbove: Interval?) -> TargetResult {
        let latency = response.latencyMilliseconds
        switch response.outcome {
        case .failure(let reason):
            return TargetResult(name: name, check: kind, state: .majorOutage, latencyMilliseconds: latency, reason: reason)
        case .response(let status, _) where !(200..<300).contains(status):
            return TargetResult(name: name, check: kind, state: .majorOutage, latencyMilliseconds: latency, reason: "HTTP \(status)")
        case .response:
            let slow = slowness(latency, over: degradedAbove)
            return TargetResult(name: name, check: kind, state: slow == nil ? .operational : .degradedPerformance,
                                latencyMilliseconds: latency, reason: slow)
        }
    }

    /// A sequencer, by its gRPC health service: `SERVING` is up; `NOT_SERVING`, `UNKNOWN`, an error
    /// status, a refused connection or a timeout mean it cannot take part in ordering.
    static func sequencer(_ response: HealthCheckResponse, name: String, degradedAbove: Interval?) -> TargetResult {
        let latency = response.latencyMilliseconds
        func result(_ state: ComponentState, _ reason: String?) -> TargetResult {
            TargetResult(name: name, check: .sequencers, state: state, latencyMilliseconds: latency, reason: reason)
        }
        switch response.outcome {
        case .failure(let reason):
            return result(.majorOutage, reason)
        case .status(.serving):
            let slow = slowness(latency, over: degradedAbove)
            return result(slow == nil ? .operational : .degradedPerformance, slow)
        case .status(let status):
            return result(.majorOutage, "health \(status.rawValue)")
        }
    }

    /// An SV of the agreed SV set that publishes no endpoint for this check: shown, and counted as
    /// failing, because the network cannot use what it does not publish.
    static func missing(_ sv: String, kind: Check.Kind, what: String) -> TargetResult {
        TargetResult(name: sv, check: kind, state: .majorOutage, latencyMilliseconds: nil, reason: "publishes no \(what)")
    }

    /// The state of a component made of many SVs' endpoints, from the fraction that fail: up to a
    /// third down is degraded (the network tolerates it), up to two thirds a partial outage, more a
    /// major outage. "3 of 13 SV Scans not ready".
    static func fraction(_ targets: [TargetResult], noun: String, failing: String) -> (ComponentState, String?) {
        guard !targets.isEmpty else { return (.majorOutage, "no \(noun) found") }
        let failed = targets.filter { $0.state >= .partialOutage }
        let slow = targets.filter { $0.state == .degradedPerformance }
        if failed.isEmpty {
            guard !slow.isEmpty else { return (.operational, nil) }
            return (.degradedPerformance, "\(slow.count) of \(targets.count) \(noun) slow (\(examples(slow)))")
        }
        let share = Double(failed.count) / Double(targets.count)
        let state: ComponentState = share <= 1.0 / 3 ? .degradedPerformance : share <= 2.0 / 3 ? .partialOutage : .majorOutage
        return (state, "\(failed.count) of \(targets.count) \(noun) \(failing) (\(examples(failed)))")
    }

    /// A layer below its BFT quorum is a major outage whatever share failed: with 7 SVs and a
    /// threshold of 5, 3 sequencers down (43 %, a partial outage by share) halts ordering.
    static func belowQuorum(
        _ targets: [TargetResult], layer: FaultBudget.Layer, view: NetworkDiscovery.View?, state: ComponentState, reason: String?
    ) -> (ComponentState, String?) {
        guard let view, view.svCount > 0 else { return (state, reason) }
        let working = FaultBudget.working(targets.map { ($0.name, $0.state) })
        let needed = FaultBudget.needed(layer, svCount: view.svCount, votingThreshold: view.votingThreshold)
        guard working < needed else { return (state, reason) }
        let quorum = layer == .sequencers ? "below the ordering quorum of \(needed)" : "fewer than the \(needed) Scans a verified read needs"
        return (.majorOutage, [reason, quorum].compactMap { $0 }.joined(separator: ": "))
    }

    /// `Cumberland-1: HTTP 503, Five-North-1: timeout after 5 s, …`
    static func examples(_ targets: [TargetResult]) -> String {
        let shown = targets.prefix(3).map { "\($0.name): \($0.reason ?? $0.state.rawValue)" }
        return shown.joined(separator: ", ") + (targets.count > 3 ? ", …" : "")
    }

    // MARK: Rounds

    /// The newest open mining round in an `open-and-issuing-mining-rounds` answer.
    struct Round: Equatable {
        var number: Int
        var opensAt: Timestamp
        /// From the round's payload; SVs can change it by vote, so it is never assumed.
        var tickSeconds: Int64
    }

    /// The newest round, or the reason there is none.
    static func newestOpenRound(_ body: [UInt8]) -> (round: Round?, reason: String?) {
        let root: Any
        switch ResponseJSON.parse(body) {
        case .failure(let failure): return (nil, failure.reason)
        case .success(let value): root = value
        }
        guard let rounds = ResponseJSON.value(at: "open_mining_rounds", in: root) as? [String: Any], !rounds.isEmpty else {
            return (nil, "no open mining rounds in the answer")
        }
        var newest: Round?
        for entry in rounds.values {
            guard let payload = ResponseJSON.value(at: "contract.payload", in: entry),
                  let number = ResponseJSON.value(at: "round.number", in: payload).flatMap({ Int(ResponseJSON.text($0)) }),
                  let opens = ResponseJSON.value(at: "opensAt", in: payload).map(ResponseJSON.text),
                  case .success(let opensAt) = Timestamp.parse(opens) else { continue }
            let micros = ResponseJSON.value(at: "tickDuration.microseconds", in: payload).flatMap { Int64(ResponseJSON.text($0)) }
            let round = Round(number: number, opensAt: opensAt, tickSeconds: (micros ?? 600_000_000) / 1_000_000)
            if newest.map({ round.number > $0.number }) ?? true { newest = round }
        }
        return newest.map { ($0, nil) } ?? (nil, "open mining rounds have no readable round number")
    }

    /// What the rounds of every SV's Scan say about the network.
    struct RoundProgress {
        /// `nil` when fewer than f+1 Scans reported rounds: their word cannot be verified.
        var state: ComponentState?
        var reason: String?
        /// The targets, each marked with how far behind the network it is.
        var targets: [TargetResult]
        /// The network's newest round number, and when that round opens.
        var newest: Int?
        var newestOpensAt: Timestamp? = nil
    }

    /// Round progression for the network, from every SV's view.
    ///
    /// - The network's newest round is the highest that f+1 Scans report (the (f+1)-th highest
    ///   answer): f lying Scans cannot invent a newer round, nor can a few lagging ones hold it back.
    /// - The network creates each round a tick before it opens (`AmuletRules_AdvanceOpenMiningRounds`
    ///   sets `opensAt = max(now, latest.opensAt) + tick`), so it last advanced at
    ///   `newest.opensAt − tick`; the time since then is measured against `degraded_after` and
    ///   `down_after` (default 2 and 3 ticks): `degraded_after: 20m` means more than 20 minutes
    ///   without a new round.
    /// - SVs two or more rounds behind are marked, since their Scans serve stale data.
    static func roundProgress(
        _ targets: [TargetResult], rounds: [String: Round], check: Check, now: Timestamp, faultTolerance: Int
    ) -> RoundProgress {
        let reported = rounds.values.sorted { ($0.number, $0.opensAt) > ($1.number, $1.opensAt) }
        guard !reported.isEmpty else {
            return RoundProgress(state: .majorOutage, reason: "no SV Scan answered with the open rounds (\(examples(targets)))",
                                 targets: targets, newest: nil)
        }
        // Fewer than f+1 answers: one lying or stale Scan could be all there is, so nothing is judged.
        guard reported.count > faultTolerance else {
            return RoundProgress(state: nil, reason: "not measured: \(reported.count) of \(targets.count) SV Scans reported rounds, "
                                     + "\(faultTolerance + 1) must (\(examples(targets.filter { rounds[$0.name] == nil })))",
                                 targets: targets, newest: nil)
        }
        let newest = reported[faultTolerance]
        let tick = max(newest.tickSeconds, 1)
        let sinceAdvance = now.secondsSince1970 - (newest.opensAt.secondsSince1970 - tick)
        let degradedAfter = check.degradedAfter?.seconds ?? 2 * tick
        let downAfter = check.downAfter?.seconds ?? 3 * tick
        var state = ComponentState.operational
        var reasons: [String] = []
        if sinceAdvance > degradedAfter {
            state = sinceAdvance > downAfter ? .majorOutage : .degradedPerformance
            reasons.append("no new round for \(minutes(sinceAdvance)); tick is \(minutes(tick))")
        }
        // Each SV keeps only how far behind it is: the round numbers themselves change every tick,
        // and history records the network's newest round once, on the component.
        var marked = targets
        for index in marked.indices {
            marked[index].details = [:]
            guard let seen = rounds[marked[index].name] else { continue }
            let behind = newest.number - seen.number
            marked[index].details["behind"] = String(max(0, behind))
            if behind >= 2 {
                marked[index].state = max(marked[index].state, .degradedPerformance)
                marked[index].reason = "round \(seen.number), \(behind) behind"
            }
        }
        let silent = targets.filter { rounds[$0.name] == nil }
        if !silent.isEmpty {
            reasons.append("\(silent.count) of \(targets.count) SV Scans did not answer (\(examples(silent)))")
        }
        let behind = marked.filter { $0.reason?.contains("behind") == true }
        if !behind.isEmpty {
            reasons.append("\(behind.count) of \(targets.count) SV Scans disagree on the newest round (\(examples(behind)))")
        }
        return RoundProgress(state: state, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), targets: marked,
                             newest: newest.number, newestOpensAt: newest.opensAt)
    }

    /// `34 min`, `1 h 5 min`: whole minutes, rounded down, of a span in seconds.
    static func minutes(_ seconds: Int64) -> String {
        let minutes = max(0, seconds) / 60
        return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h" + (minutes % 60 == 0 ? "" : " \(minutes % 60) min")
    }

    /// "version drift: 3 on 0.5.3, 1 on 0.5.2" — shown, never an outage.
    static func versionDrift(_ targets: [TargetResult]) -> String? {
        let versions = targets.compactMap { $0.details["version"] }
        let counts = Dictionary(grouping: versions, by: { $0 }).mapValues(\.count)
        guard counts.count > 1 else { return nil }
        let parts = counts.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.map { "\($0.value) on \($0.key)" }
        return "version drift: " + parts.joined(separator: ", ")
    }
}
