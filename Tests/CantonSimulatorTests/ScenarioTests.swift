import CantonSimulator
import Foundation
import Testing

/// Scenario names: what `--scenario` and `POST /control/scenario` accept.
struct ScenarioTests {
    @Test(arguments: [
        "healthy", "rounds-stalled", "svs-down:2", "sv-slow:1:250", "http-5xx", "malformed-json", "huge-body",
        "redirect-loop", "hang", "version-drift", "round-disagreement", "migration-upcoming", "seed-down",
        "seed-stale", "seed-lies", "sv-no-scan:2", "lsu-upcoming", "legacy-sequencers",
    ])
    func scenarioNameRoundTrips(name: String) throws {
        #expect(try Scenario(parsing: name).name == name)
    }

    @Test(arguments: [
        "", "svs-down", "svs-down:0", "sv-slow:1", "sv-slow:1:-5", "sv-slow:1:999999", "HANG", "sv-no-scan",
        "sv-no-scan:0", "sv-no-scan:x", "sv-no-scan:1:2", "seed-down:1",
    ])
    func rejectsMalformedScenarioName(name: String) {
        #expect(throws: ScenarioError.self) { try Scenario(parsing: name) }
    }

    /// The help lists `Scenario.catalog`; a pattern there that the parser refuses would be a lie.
    @Test func everyCatalogPatternParses() throws {
        for (pattern, _) in Scenario.catalog {
            let name = pattern.replacingOccurrences(of: ":I:MS", with: ":1:250")
                .replacingOccurrences(of: ":K", with: ":2").replacingOccurrences(of: ":I", with: ":1")
            #expect(try Scenario(parsing: name).name == name, "catalog pattern \(pattern)")
        }
        #expect(Scenario.catalog.count == 18)
    }

    @Test func svNoScanMustNameARunningSV() throws {
        #expect(try Scenario(parsing: "sv-no-scan:3").problem(svCount: 4) == nil)
        #expect(try Scenario(parsing: "sv-no-scan:4").problem(svCount: 4) == "sv-no-scan index 4 is out of range 1..<4")
    }
}
