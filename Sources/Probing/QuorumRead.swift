internal import Model

/// Reads one document from several SV Scans and settles on the value enough of them agree on, the
/// way Splice's own `BftScanConnection` reads the network: one Scan that fails or lies must never
/// decide what the prober believes.
///
/// Every Scan is asked at once. The read ends as soon as one value has the votes it needs, or as
/// soon as no value can get them any more; the requests still out are cancelled, so a Scan that
/// hangs holds the read up only while its answer could still decide it. A Scan votes once: URLs on
/// one host and port are one Scan, so one operator cannot vote twice by listing two paths. Values
/// are compared whole: parse them into the canonical form of `NetworkDocuments` first.
struct QuorumRead<Value: Hashable & Sendable>: Sendable {
    struct Outcome: Sendable {
        /// The value that reached its quorum, or `nil` when none did.
        var value: Value?
        /// Votes for `value`, or for the most common value when none reached its quorum.
        var votes: Int
        /// The votes the winning (or most common) value needed.
        var needed: Int
        /// Scans asked (one per host and port).
        var asked: Int
        /// Scans that gave a readable answer (for any value), counted until the read ended.
        var answered: Int
        /// Scans that answered with a 2xx or 5xx status: reachable from here, so what they say is a
        /// measurement. A 4xx (an allowlist, a proxy, a rate limit refusing this prober) is not.
        var reached: Int
        /// Why Scans gave no readable answer, by URL (counted until the read ended).
        var failures: [String: String]

        /// "3 of 13 Scans answered (…), at most 2 agree, 5 must agree": why no value reached its quorum.
        var shortfall: String {
            let shown = failures.sorted { $0.key < $1.key }.prefix(2).map { "\(NetworkDiscovery.displayHost($0.key)): \($0.value)" }
            let failed = failures.isEmpty ? "" : " (\(shown.joined(separator: ", "))\(failures.count > 2 ? ", …" : ""))"
            return "\(answered) of \(asked) Scans answered\(failed), at most \(votes) agree, \(needed) must agree"
        }
    }

    var path: String
    var timeout: Interval
    /// Turns one Scan's parsed JSON into the value it votes for; `nil` is no vote.
    var parse: @Sendable (Any) -> Value?
    /// The votes `value` needs: f+1 for the f the value itself implies, or for the SV count known.
    var needed: @Sendable (Value) -> Int
    /// The fewest votes any value can need (shown when no Scan gave a readable answer, and used to
    /// stop early when not enough Scans are left to reach it).
    var neededWithoutAnswers: Int

    func read(from urls: [String], over transport: some ProbeTransport) async -> Outcome {
        // One URL per Scan (host and port), the first in sorted order.
        var byScan: [String: String] = [:]
        for url in urls.sorted() where byScan[NetworkDocuments.scanIdentity(url)] == nil { byScan[NetworkDocuments.scanIdentity(url)] = url }
        let asked = byScan.values.sorted()
        var tally: [Value: [String]] = [:]
        var failures: [String: String] = [:]
        var reached = 0
        var winner: Value?
        let parse = self.parse
        await withTaskGroup(of: (String, Bool, Result<Value, DiscoveryFailure>).self) { group in
            for url in asked {
                let request = ProbeRequest(url: url + path, timeout: timeout)
                group.addTask {
                    let response = await transport.fetch(request)
                    let reachable = if case .response(let status, _) = response.outcome { (200..<300).contains(status) || status >= 500 } else { false }
                    return (url, reachable, NetworkDiscovery.json(response).flatMap { root in
                        parse(root).map { .success($0) } ?? .failure(DiscoveryFailure("unexpected answer"))
                    })
                }
            }
            var pending = asked.count
            for await (url, reachable, answer) in group {
                pending -= 1
                if reachable { reached += 1 }
                switch answer {
                case .failure(let failure): failures[url] = failure.description
                case .success(let value):
                    tally[value, default: []].append(url)
                    if (tally[value]?.count ?? 0) >= needed(value) { winner = value }
                }
                let stillPossible = pending >= neededWithoutAnswers || tally.contains { $0.value.count + pending >= needed($0.key) }
                if winner != nil || !stillPossible {
                    group.cancelAll()
                    break
                }
            }
        }
        // Most votes first; among equals, the value whose first voter sorts first (deterministic).
        let best = winner ?? tally.min { a, b in
            (-a.value.count, a.value.min() ?? "") < (-b.value.count, b.value.min() ?? "")
        }?.key
        return Outcome(
            value: winner, votes: best.flatMap { tally[$0]?.count } ?? 0, needed: best.map(needed) ?? neededWithoutAnswers,
            asked: asked.count, answered: tally.values.reduce(0) { $0 + $1.count }, reached: reached, failures: failures)
    }
}
