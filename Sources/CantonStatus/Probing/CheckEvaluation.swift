internal import Foundation

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

    /// A sequencer: the real endpoint speaks gRPC, so any HTTP answer below 500 proves it is up and
    /// terminating TLS; 5xx (`NOT_SERVING`), a refused connection or a timeout mean it is not.
    static func sequencer(_ response: ProbeResponse, name: String) -> TargetResult {
        let latency = response.latencyMilliseconds
        switch response.outcome {
        case .failure(let reason):
            return TargetResult(name: name, check: .sequencers, state: .majorOutage, latencyMilliseconds: latency, reason: reason)
        case .response(let status, _) where status >= 500:
            return TargetResult(name: name, check: .sequencers, state: .majorOutage, latencyMilliseconds: latency, reason: "HTTP \(status)")
        case .response:
            return TargetResult(name: name, check: .sequencers, state: .operational, latencyMilliseconds: latency, reason: nil)
        }
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

    /// Round progression for the network, from every SV's view: the network's newest round is the
    /// highest any Scan reports; its age against the tick gives the state; SVs two or more rounds
    /// behind are marked, since their Scans serve stale data.
    ///
    /// Returns the state, the reason, the targets with their lag marked, and the network's newest
    /// round number.
    static func roundProgress(
        _ targets: [TargetResult], rounds: [String: Round], check: Check, now: Timestamp
    ) -> (ComponentState, String?, [TargetResult], Int?) {
        guard let newest = rounds.values.max(by: { $0.number < $1.number }) else {
            return (.majorOutage, "no SV Scan answered with the open rounds (\(examples(targets)))", targets, nil)
        }
        let tick = max(newest.tickSeconds, 1)
        let age = now.secondsSince1970 - newest.opensAt.secondsSince1970
        let degradedAfter = check.degradedAfter?.seconds ?? 2 * tick
        let downAfter = check.downAfter?.seconds ?? 3 * tick
        var state = ComponentState.operational
        var reasons: [String] = []
        if age > downAfter || age > degradedAfter {
            state = age > downAfter ? .majorOutage : .degradedPerformance
            reasons.append("newest round opened \(age / 60) min ago; tick is \(tick / 60) min")
        }
        // Each SV keeps only how far behind it is: the round numbers themselves change every tick,
        // and history records the network's newest round once, on the component.
        var marked = targets
        for index in marked.indices {
            marked[index].details = [:]
            guard let seen = rounds[marked[index].name] else { continue }
            marked[index].details["behind"] = String(newest.number - seen.number)
            if newest.number - seen.number >= 2 {
                marked[index].state = max(marked[index].state, .degradedPerformance)
                marked[index].reason = "round \(seen.number), \(newest.number - seen.number) behind"
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
        return (state, reasons.isEmpty ? nil : reasons.joined(separator: "; "), marked, newest.number)
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
