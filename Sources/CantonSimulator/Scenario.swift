/// One fault (or the absence of faults) that the simulated network shows.
///
/// Several scenarios can be active at once; they combine (for example `svs-down:2` with
/// `rounds-stalled`). "The seed" is SV 0, whose Scan is the first URL a prober is given; the
/// faults that test one client's defences (`http-5xx`, `malformed-json`, `huge-body`,
/// `redirect-loop`, `hang`) and the ones that test whether it trusts the seed alone (`seed-down`,
/// `seed-stale`, `seed-lies`) act on it only, so the other SVs and the DSO mirror stay usable
/// for cross-checks.
public enum Scenario: Hashable, Sendable {
    /// No faults: the default when no scenario is given.
    case healthy
    /// Rounds stop advancing: the network last advanced 34 minutes before now, so its newest open
    /// round opened 24 minutes ago (one tick after that advance).
    case roundsStalled
    /// The last `count` SVs are down: readyz 503, status `failed`, `/v0/*` 503, sequencer `NOT_SERVING`.
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
    /// A synchronizer upgrade to migration id current+1 is scheduled 3 days ahead (the pre-LSU
    /// `nextScheduledSynchronizerUpgrade` and `/v0/migrations/schedule`).
    case migrationUpcoming
    /// The seed SV's Scan is gone: every `/api/scan/` path, health included, answers 503 as an
    /// ingress without a backend does. Its SV app and its sequencer stay up.
    case seedDown
    /// The seed Scan serves the rounds it served 5 ticks (50 minutes) ago in
    /// `open-and-issuing-mining-rounds` and `/v0/dso` `latest_mining_round`, so the network seems
    /// to have stalled 50 to 60 minutes ago; its readyz stays 200, and the other Scans and the
    /// mirror are current.
    case seedStale
    /// The seed Scan forges a network of one SV, itself: `/v0/scans`, `/v0/dso-sequencers` and
    /// `/v0/dso` (`voting_threshold` 1) list only SV 0. The other Scans and the mirror are truthful.
    case seedLies
    /// SV `index` (0-based as in `sv-slow`, but never 0, the seed) runs no Scan: it is missing from
    /// every `/v0/scans`, its `sv_node_states` entry has no `scan`, and its server answers 404 under
    /// `/api/scan/`. It stays in `dso_rules.svs` and `/v0/dso-sequencers`; its sequencer runs.
    case svNoScan(index: Int)
    /// A logical synchronizer upgrade to serial active+1 is scheduled 3 days ahead
    /// (`nextScheduledLogicalSynchronizerUpgrade`), and `/v0/dso-sequencers` lists the successor's
    /// sequencers, not yet running, beside the active ones.
    case lsuUpcoming
    /// Scan speaks the shapes from before Splice 0.6.2: `/v0/dso-sequencers` without serials, the
    /// migration-id entry being the live one, and no `/v0/active-synchronizer-serial` (404).
    case legacySequencers

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
        case .seedDown: "seed-down"
        case .seedStale: "seed-stale"
        case .seedLies: "seed-lies"
        case .svNoScan(let index): "sv-no-scan:\(index)"
        case .lsuUpcoming: "lsu-upcoming"
        case .legacySequencers: "legacy-sequencers"
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
        case "sv-no-scan":
            // SV 0 is excluded: its Scan is the seed discovery starts from; `seed-down` covers losing it.
            guard numbers.count == 1, let index = numbers[0], index >= 1 else {
                throw ScenarioError(
                    "expected sv-no-scan:I with a whole number I >= 1 (SV 0 is the seed), got '\(text)'")
            }
            self = .svNoScan(index: index)
        default:
            let plain: [Scenario] = [
                .healthy, .roundsStalled, .http5xx, .malformedJSON, .hugeBody, .redirectLoop, .hang,
                .versionDrift, .roundDisagreement, .migrationUpcoming, .seedDown, .seedStale, .seedLies,
                .lsuUpcoming, .legacySequencers,
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
        case .svNoScan(let index) where index >= svCount:
            "sv-no-scan index \(index) is out of range 1..<\(svCount)"
        default: nil
        }
    }

    /// Every name pattern with a one-line summary, in the order `canton-sim --help` lists them.
    /// The one list people read, so a new scenario that is missing here is missing from the help.
    public static let catalog: [(name: String, summary: String)] = [
        ("healthy", "no faults (the default)"),
        ("rounds-stalled", "rounds last advanced 34 minutes ago"),
        ("svs-down:K", "the last K SVs are down (Scan, SV app, sequencer)"),
        ("sv-slow:I:MS", "SV I and its sequencer answer after MS milliseconds"),
        ("http-5xx", "the seed's server answers 500 to everything"),
        ("malformed-json", "the seed Scan's /v0/scans is cut off at byte 17"),
        ("huge-body", "the seed Scan's /v0/dso streams 100 MiB"),
        ("redirect-loop", "the seed Scan's /v0/scans redirects to itself forever"),
        ("hang", "the seed Scan's readyz never answers (closed after \(hangLimitSeconds) s)"),
        ("version-drift", "the last SV reports an older version"),
        ("round-disagreement", "the last SV's Scan is 3 rounds behind"),
        ("migration-upcoming", "a migration to the next id is scheduled 3 days ahead"),
        ("seed-down", "the seed Scan answers 503; its SV app, sequencer stay up"),
        ("seed-stale", "the seed Scan serves 50-minute-old rounds; readyz is 200"),
        ("seed-lies", "the seed Scan lists a network of one SV, itself"),
        ("sv-no-scan:I", "SV I (not 0) runs no Scan; still an SV with a sequencer"),
        ("lsu-upcoming", "an upgrade to the next serial (LSU) is 3 days ahead"),
        ("legacy-sequencers", "pre-0.6.2 sequencer list: no serials, no active serial"),
    ]

    private static let namePatterns = catalog.map(\.name).joined(separator: ", ")
}

/// A scenario name that could not be parsed or does not fit the network; `message` is for people.
public struct ScenarioError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
