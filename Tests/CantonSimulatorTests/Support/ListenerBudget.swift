/// Caps how many simulator servers this target's tests keep open at once.
///
/// Every FlyingFox server parks one libdispatch worker thread in `epoll_wait` for as long as it
/// runs, and libdispatch starts at most 255 workers. Swift Testing runs tests in parallel, so a
/// few dozen simulators at once used up every worker: URLSession's queue then never got a thread
/// and the whole run hung with no test finishing. Tests wait here instead, well below that limit.
actor ListenerBudget {
    static let shared = ListenerBudget(limit: 96)

    private let limit: Int
    private var used = 0
    private var waiting: [(count: Int, resume: CheckedContinuation<Void, Never>)] = []

    init(limit: Int) { self.limit = limit }

    /// The servers a simulator of `svCount` SVs opens: an HTTP and a sequencer server per SV,
    /// then the validator, the DSO mirror and the control server.
    static func listeners(svCount: Int) -> Int { 2 * svCount + 3 }

    /// Waits until `count` more servers fit (a request larger than the limit waits for an idle budget).
    func acquire(_ count: Int) async {
        let count = min(count, limit)
        if waiting.isEmpty, used + count <= limit {
            used += count
            return
        }
        await withCheckedContinuation { waiting.append((count, $0)) }
    }

    func release(_ count: Int) {
        used -= min(count, limit)
        // First come, first served, so a large simulator is not overtaken forever by small ones.
        while let next = waiting.first, used + next.count <= limit {
            waiting.removeFirst()
            used += next.count
            next.resume.resume()
        }
    }
}
