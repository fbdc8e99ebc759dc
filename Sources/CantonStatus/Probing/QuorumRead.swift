/// Reads one document from several SV Scans and settles on the value enough of them agree on, the
/// way Splice's own `BftScanConnection` reads the network: one Scan that fails or lies must never
/// decide what the prober believes.
///
/// Every Scan is asked at once; the read ends as soon as one value has the votes it needs (the rest
/// are cancelled), so a Scan that hangs costs nothing once f+1 others agreed. Values are compared
/// whole: parse them into the canonical form of `NetworkDocuments` first.
struct QuorumRead<Value: Hashable & Sendable>: Sendable {
    struct Outcome: Sendable {
        /// The value that reached its quorum, or `nil` when none did.
        var value: Value?
        /// Votes for `value`, or for the most common value when none reached its quorum.
        var votes: Int
        /// The votes the winning (or most common) value needed.
        var needed: Int
        var asked: Int
        /// Scans that gave a readable answer (for any value), counted until the read ended.
        var answered: Int
        /// Scans that answered HTTP at all (an error status or an unreadable body included): they
        /// are reachable from here, so what they say is a measurement, not the prober's own trouble.
        var reached: Int
        /// Scans whose readable answer differed from `value`.
        var dissenting: [String]
        /// Why Scans gave no readable answer, by URL (counted until the read ended).
        var failures: [String: String]

        /// "3 of 13 Scans answered, 2 agree, 5 must agree": why no value reached its quorum.
        var shortfall: String {
            let failed = failures.isEmpty ? "" : " (\(failures.sorted { $0.key < $1.key }.prefix(2).map { "\(NetworkDiscovery.displayHost($0.key)): \($0.value)" }.joined(separator: ", "))\(failures.count > 2 ? ", …" : ""))"
            return "\(answered) of \(asked) Scans answered\(failed), at most \(votes) agree, \(needed) must agree"
        }
    }

    var path: String
    var method = "GET"
    var body: [UInt8]?
    var timeout: Interval
    /// Turns one Scan's parsed JSON into the value it votes for; `nil` is no vote.
    var parse: @Sendable (Any) -> Value?
    /// The votes `value` needs: f+1 for the f the value itself implies, or for the SV count known.
    var needed: @Sendable (Value) -> Int
    /// The votes shown as needed when no Scan gave a readable answer.
    var neededWithoutAnswers: Int

    func read(from urls: [String], over transport: some ProbeTransport) async -> Outcome {
        let urls = Array(Set(urls)).sorted()
        var tally: [Value: [String]] = [:]
        var failures: [String: String] = [:]
        var reached = 0
        var winner: Value?
        let parse = self.parse
        await withTaskGroup(of: (String, Bool, Result<Value, DiscoveryFailure>).self) { group in
            for url in urls {
                let request = ProbeRequest(url: url + path, method: method, headers: body == nil ? [] : [("content-type", "application/json")],
                                           body: body, timeout: timeout)
                group.addTask {
                    let response = await transport.fetch(request)
                    let answered = if case .response = response.outcome { true } else { false }
                    return (url, answered, NetworkDiscovery.json(response).flatMap { root in
                        parse(root).map { .success($0) } ?? .failure(DiscoveryFailure("unexpected answer"))
                    })
                }
            }
            for await (url, answeredHTTP, answer) in group {
                if answeredHTTP { reached += 1 }
                switch answer {
                case .failure(let failure): failures[url] = failure.description
                case .success(let value):
                    tally[value, default: []].append(url)
                    if (tally[value]?.count ?? 0) >= needed(value) {
                        winner = value
                        group.cancelAll()
                    }
                }
                if winner != nil { break }
            }
        }
        // Most votes first; among equals, the value whose first voter sorts first (deterministic).
        let best = winner ?? tally.min { a, b in
            (-a.value.count, a.value.min() ?? "") < (-b.value.count, b.value.min() ?? "")
        }?.key
        let votes = best.flatMap { tally[$0]?.count } ?? 0
        return Outcome(
            value: winner, votes: votes, needed: best.map(needed) ?? neededWithoutAnswers,
            asked: urls.count, answered: tally.values.reduce(0) { $0 + $1.count }, reached: reached,
            dissenting: tally.filter { $0.key != best }.flatMap(\.value).sorted(), failures: failures)
    }
}
