/// One fault (or the absence of faults) that the simulated network shows.
///
/// Several scenarios can be active at once; they combine (for example `svs-down:2` with
/// `rounds-stalled`). "The seed" is SV 0, whose Scan is the first URL a prober is given; the
/// faults that test one client's defences (`http-5xx`, `malformed-json`, `huge-body`,
/// `redirect-loop`, `hang`) act on it only, so the other SVs stay usable for cross-checks.
public enum Scenario: Hashable, Sendable {
    /// No faults: the default when no scenario is given.
    case healthy
    /// Rounds stop advancing: the newest open round opened 34 minutes before now.
    case roundsStalled
    /// The last `count` SVs are down: readyz 503, status `failed`, `/v0/*` 503, sequencer 503.
    case svsDown(count: Int)
    /// SV `index` (0-based) answers everything, its sequencer included, after `milliseconds`.
    case svSlow(index: Int, milliseconds: Int)
    /// The seed SV's HTTP server (its Scan and SV app) answers 500 to everything.
    case http5xx
    /// The seed Scan's `/v0/scans` returns JSON cut off at byte 17.
    case malformedJSON
    /// The seed Scan's `/v0/dso` streams a 100 MiB body without holding it in memory.
    case hugeBody
    /// The seed Scan's `/v0/scans` redirects (302) to itself forever.
    case redirectLoop
    /// The seed Scan's `readyz` accepts the request and never answers; the connection is
    /// closed without a byte after ``hangLimitSeconds``.
    case hang
    /// The last SV reports version 0.5.2 while the others report 0.5.3.
    case versionDrift
    /// The last SV's Scan reports a newest round 3 ticks behind the others.
    case roundDisagreement
    /// A synchronizer upgrade to migration id current+1 is scheduled 3 days ahead.
    case migrationUpcoming

    /// How long a `hang` request is held open before the simulator gives up on it.
    public static let hangLimitSeconds = 120

    /// The upper bound for `sv-slow` delays, kept below the servers' 130 s handler timeout.
    public static let maxDelayMilliseconds = 120_000

    /// The name used by `--scenario` and `POST /control/scenario`, e.g. `sv-slow:1:2500`.
    public var name: String {
        switch self {
        case .healthy: "healthy"
        case .roundsStalled: "rounds-stalled"
        case .svsDown(let count): "svs-down:\(count)"
        case .svSlow(let index, let milliseconds): "sv-slow:\(index):\(milliseconds)"
        case .http5xx: "http-5xx"
        case .malformedJSON: "malformed-json"
        case .hugeBody: "huge-body"
        case .redirectLoop: "redirect-loop"
        case .hang: "hang"
        case .versionDrift: "version-drift"
        case .roundDisagreement: "round-disagreement"
        case .migrationUpcoming: "migration-upcoming"
        }
    }

    /// Parses a scenario name such as `svs-down:2`; the error message says what was expected.
    ///
    /// Ranges that depend on the SV count are checked by ``problem(svCount:)``, because the
    /// name alone does not know how many SVs run.
    public init(parsing text: String) throws(ScenarioError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().map { Int($0) }
        switch parts[0] {
        case "svs-down":
            guard numbers.count == 1, let count = numbers[0], count >= 1 else {
                throw ScenarioError("expected svs-down:K with a whole number K >= 1, got '\(text)'")
            }
            self = .svsDown(count: count)
        case "sv-slow":
            guard numbers.count == 2, let index = numbers[0], let ms = numbers[1], index >= 0,
                (0...Self.maxDelayMilliseconds).contains(ms)
            else {
                throw ScenarioError(
                    "expected sv-slow:I:MS with I >= 0 and 0 <= MS <= \(Self.maxDelayMilliseconds), got '\(text)'")
            }
            self = .svSlow(index: index, milliseconds: ms)
        default:
            let plain: [Scenario] = [
                .healthy, .roundsStalled, .http5xx, .malformedJSON, .hugeBody, .redirectLoop, .hang,
                .versionDrift, .roundDisagreement, .migrationUpcoming,
            ]
            guard let match = plain.first(where: { $0.name == text }) else {
                throw ScenarioError("unknown scenario '\(text)'; known: \(Self.namePatterns)")
            }
            self = match
        }
    }

    /// A message when this scenario names an SV the network does not have, else nil.
    public func problem(svCount: Int) -> String? {
        switch self {
        case .svsDown(let count) where count > svCount:
            "svs-down:\(count) asks for more SVs than the \(svCount) running"
        case .svSlow(let index, _) where index >= svCount:
            "sv-slow index \(index) is out of range 0..<\(svCount)"
        default: nil
        }
    }

    private static let namePatterns =
        "healthy, rounds-stalled, svs-down:K, sv-slow:I:MS, http-5xx, malformed-json, huge-body, "
        + "redirect-loop, hang, version-drift, round-disagreement, migration-upcoming"
}

/// A scenario name that could not be parsed or does not fit the network; `message` is for people.
public struct ScenarioError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
