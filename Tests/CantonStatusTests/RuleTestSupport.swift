@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Foundation
import Testing

/// A small valid `components.yml` that rule tests build on.
let baseConfiguration = """
    page: {title: Canton Network Status, url: "https://status.example.org"}
    environments:
      - {id: mainnet, name: MainNet, scan: "https://scan.sv-1.global.canton.network.sync.global"}
      - {id: testnet, name: TestNet, scan: "https://scan.sv-1.test.global.canton.network.sync.global"}
    groups:
      - {id: synchronizer, name: Global Synchronizer}
      - {id: apis, name: APIs}
    components:
      - {id: sequencers, name: Sequencers, group: synchronizer, checks: [{type: sequencers}]}
      - {id: scan-api, name: Scan API, group: apis, checks: [{type: scans, path: /api/scan/readyz}]}
      - {id: validator-api, name: Validator API, group: apis, environments: [mainnet]}

    """

let fixedNow = try! Timestamp.parse("2026-11-24T12:00Z").get()

/// One expected diagnostic: a marker in one of the files, the rule and the severity.
struct Expected: Hashable, CustomStringConvertible {
    var path: String
    var line: Int
    var column: Int
    var rule: RuleID
    var severity: Diagnostic.Severity

    var description: String { "\(path):\(line):\(column) \(severity.name) [\(rule)]" }
}

/// Validates inline, marked files and returns what was found next to what the markers expect.
///
/// `expect` maps a marker (1️⃣…) to the rule and severity expected there; the marker is looked up in
/// every file. `components.yml` defaults to `baseConfiguration`.
func check(
    _ files: [String: String], expect: [String: (RuleID, Diagnostic.Severity)],
    now: Timestamp = fixedNow, history: FirstCommits = FirstCommits()
) throws -> (found: Set<Expected>, expected: Set<Expected>) {
    var marked: [String: MarkedText] = files.mapValues(MarkedText.init)
    if marked["components.yml"] == nil { marked["components.yml"] = MarkedText(baseConfiguration) }
    var expected = Set<Expected>()
    for (marker, (rule, severity)) in expect {
        let hits = marked.compactMap { path, text in text.positions[marker].map { (path, $0) } }
        #expect(hits.count == 1, "marker \(marker) must appear in exactly one file")
        for (path, position) in hits {
            expected.insert(Expected(path: path, line: position.line, column: position.column, rule: rule, severity: severity))
        }
    }
    let fileSystem = InMemoryFileSystem(marked.mapValues(\.text))
    let report = try ContentValidator(now: now).validate(fileSystem, history: FixedHistory(commits: history))
    let found = Set(report.diagnostics.map {
        Expected(path: $0.location?.path ?? "", line: $0.location?.line ?? 0, column: $0.location?.column ?? 0,
                 rule: $0.rule, severity: $0.severity)
    })
    return (found, expected)
}

/// Asserts that validation produces exactly the marked diagnostics: a missing or an extra one fails.
func expectDiagnostics(
    _ files: [String: String], _ expect: [String: (RuleID, Diagnostic.Severity)],
    now: Timestamp = fixedNow, history: FirstCommits = FirstCommits(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let (found, expected) = try check(files, expect: expect, now: now, history: history)
    #expect(found == expected, "missing: \(expected.subtracting(found).sorted { $0.description < $1.description }); unexpected: \(found.subtracting(expected).sorted { $0.description < $1.description })",
            sourceLocation: sourceLocation)
}

/// Git history fixed by the test.
struct FixedHistory: GitHistory {
    var commits: FirstCommits
    func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits { commits }
}

/// A valid incident file to vary in tests.
func incident(
    title: String = "Elevated sequencer latency", environments: String = "[mainnet]",
    impact: String = "{sequencers: partial-outage}",
    updates: String = "  - {at: 2026-11-20T14:05Z, status: investigating, text: We are investigating.}",
    extra: String = "", body: String = ""
) -> String {
    "---\ntitle: \(title)\nenvironments: \(environments)\nimpact: \(impact)\n\(extra)updates:\n\(updates)\n---\n\(body)"
}

/// A valid maintenance file to vary in tests.
func maintenance(
    start: String = "2026-12-10T14:00Z", end: String = "2026-12-10T20:00Z", impact: String = "major-outage",
    extra: String = ""
) -> String {
    "---\ntitle: MainNet upgrade\nstart: \(start)\nend: \(end)\nenvironments: [mainnet]\ncomponents: [sequencers]\nimpact: \(impact)\n\(extra)---\nDetails.\n"
}
