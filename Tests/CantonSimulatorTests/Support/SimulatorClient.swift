import CantonSimulator
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// 2026-11-20T14:05:00Z: five minutes after a tick boundary, so "the last advance" (14:00) and
/// "now" differ and a test can tell them apart.
let fixedNow = Date(timeIntervalSince1970: 1_795_183_500)

/// The tick of every simulated network, as `tickDuration` reports it.
let tick: TimeInterval = 600

/// Runs `body` against a fresh simulator and stops it afterwards, also when `body` throws.
/// It first waits for room in ``ListenerBudget``, which keeps parallel tests from hanging.
///
/// Spell the closure `{ sim async throws in … }`: one whose throwing calls all sit inside
/// `#expect(try …)` is otherwise inferred as non-throwing ("errors thrown from here are not handled").
func withSimulator(_ options: CantonSimulator.Options, _ body: (CantonSimulator) async throws -> Void) async throws {
    let listeners = ListenerBudget.listeners(svCount: options.svCount)
    await ListenerBudget.shared.acquire(listeners)
    let sim: CantonSimulator
    do {
        sim = try await CantonSimulator.start(options)
    } catch {
        await ListenerBudget.shared.release(listeners)
        throw error
    }
    do {
        try await body(sim)
    } catch {
        await sim.stop()
        await ListenerBudget.shared.release(listeners)
        throw error
    }
    await sim.stop()
    await ListenerBudget.shared.release(listeners)
}

/// One real HTTP exchange; `post` makes it a POST with that body.
func fetch(_ url: String, post body: String? = nil) async throws -> (status: Int, text: String) {
    var request = URLRequest(url: try #require(URL(string: url)))
    if let body {
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

func status(_ url: String, post body: String? = nil) async throws -> Int {
    try await fetch(url, post: body).status
}

/// The body of a 200 answer as text; another status fails the test.
func text(_ url: String, post body: String? = nil) async throws -> String {
    let (status, text) = try await fetch(url, post: body)
    #expect(status == 200, "\(url) answered \(status): \(text.prefix(200))")
    return text
}

/// The body of a 200 answer, parsed.
func parsed(_ url: String, post body: String? = nil) async throws -> Parsed {
    try Parsed(text: try await text(url, post: body))
}

/// A step in a path into parsed JSON: an object key or an array index.
protocol PathStep {}
extension String: PathStep {}
extension Int: PathStep {}

/// JSON parsed by `JSONSerialization`, read by path (`body["dso_rules", "contract", "payload"]`).
/// A missing step yields a `Parsed` whose value is nil, so one `#expect` checks a whole path.
struct Parsed {
    let value: Any?

    init(value: Any?) { self.value = value }

    init(text: String) throws {
        value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    subscript(_ path: any PathStep...) -> Parsed {
        path.reduce(self) { node, step in
            switch step {
            case let key as String: Parsed(value: (node.value as? [String: Any])?[key])
            case let index as Int:
                Parsed(value: (node.value as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil })
            default: Parsed(value: nil)
            }
        }
    }

    var string: String? { value as? String }
    /// A JSON number that is a whole number; a string of digits is nil, so this checks the type too.
    var int: Int? { value is String ? nil : value as? Int }
    var array: [Parsed] { (value as? [Any])?.map { Parsed(value: $0) } ?? [] }
    var keys: Set<String>? { (value as? [String: Any]).map { Set($0.keys) } }
    var isNull: Bool { value is NSNull }
    /// A timestamp field, parsed the way the simulator's own clock input is.
    var date: Date? { string.flatMap(SimulatedTime.parse) }
}

/// The rounds of `POST /v0/open-and-issuing-mining-rounds` on one Scan, oldest first.
struct ScanRounds {
    struct Round: Equatable, CustomStringConvertible {
        var number: Int
        var opensAt: Date
        var targetClosesAt: Date
        var description: String { "#\(number) opens \(SimulatedTime.format(opensAt))" }
    }

    var open: [Round]
    var issuing: [Round]
    /// `tickDuration.microseconds` of the newest open round, in seconds.
    var tickSeconds: TimeInterval
    var newest: Round? { open.last }

    init(scan: String) async throws {
        let body = try await parsed(
            scan + "/api/scan/v0/open-and-issuing-mining-rounds",
            post: #"{"cached_open_mining_round_contract_ids":[],"cached_issuing_round_contract_ids":[]}"#)
        func rounds(_ key: String) throws -> [Round] {
            let map = try #require(body[key].value as? [String: Any])
            return try map.values.map { entry in
                let payload = Parsed(value: entry)["contract", "payload"]
                return Round(
                    number: try #require(payload["round", "number"].string.flatMap { Int($0) }),
                    opensAt: try #require(payload["opensAt"].date),
                    targetClosesAt: try #require(payload["targetClosesAt"].date))
            }.sorted { $0.number < $1.number }
        }
        open = try rounds("open_mining_rounds")
        issuing = try rounds("issuing_mining_rounds")
        let micros = try #require(body["open_mining_rounds"].value as? [String: Any]).values.lazy
            .compactMap { Parsed(value: $0)["contract", "payload", "tickDuration", "microseconds"].string }.first
        tickSeconds = TimeInterval(try #require(micros.flatMap { Int($0) })) / 1_000_000
    }
}

/// `/v0/dso`'s `latest_mining_round` as number and `opensAt`.
func latestMiningRound(_ dsoURL: String) async throws -> (number: Int, opensAt: Date) {
    let payload = try await parsed(dsoURL)["latest_mining_round", "contract", "payload"]
    return (
        try #require(payload["round", "number"].string.flatMap { Int($0) }), try #require(payload["opensAt"].date)
    )
}
