import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status validate` on real repositories: exit codes, and the text, JSON and GitHub output.
@Suite struct ValidateOutputTests {
    static let now = "2026-11-24T10:00Z"

    /// Two errors and one warning in three files; the first error sits after wide and non-ASCII text.
    static let brokenContent: [String: String] = [
        "incidents/2026-11-20-zurich-scan-latency.md": """
            ---
            title: "Scan latency in Zürich"
            environments: [mainnet]
            impact: {scan-api: degraded-performance}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
              - {text: "Zürich → 日本 🚀 fixed", at: 2026-11-20T15:05, status: resolved}
            ---
            The cache was cold.<br>See the runbook.

            """,
        "maintenance/2026-12-10-sequencer-upgrade.md": """
            ---
            title: "Sequencer upgrade"
            start: 2026-12-10T14:00Z
            end: 2026-12-10T13:00Z
            environments: [mainnet]
            components: [sequencers]
            impact: operational
            ---

            """,
    ]

    @Test func cleanContentExitsZeroWithSummary() throws {
        let repo = try StatusRepo.make([
            "incidents/2026-11-20-scan-api-latency.md": Fixtures.validIncident,
            "maintenance/2026-12-10-mainnet-sequencer-upgrade.md": Fixtures.validMaintenance,
        ])
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now], in: repo.url)

        #expect(result.status == 0)
        #expect(result.standardOutput == "no problems in 3 files\n")
        #expect(result.standardError == "")
    }

    @Test func cleanContentFromASubfolderAndWithRepoOption() throws {
        let repo = try StatusRepo.make([
            "incidents/2026-11-20-scan-api-latency.md": Fixtures.validIncident,
        ])
        defer { repo.remove() }
        let elsewhere = try TemporaryDirectory(prefix: "canton-status-elsewhere")
        defer { elsewhere.remove() }

        let fromSubfolder = try CLI.run(["validate", "--now", Self.now], in: repo.url.appendingPathComponent("incidents"))
        let withRepo = try CLI.run(["validate", "--repo", repo.path, "--now", Self.now], in: elsewhere.url)

        for result in [fromSubfolder, withRepo] {
            #expect(result.status == 0)
            #expect(result.standardOutput == "no problems in 2 files\n")
            #expect(result.standardError == "")
        }
    }

    @Test func textOutputShowsLocationHintSourceAndCaret() throws {
        let repo = try StatusRepo.make(Self.brokenContent)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        #expect(result.standardError == "")
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        #expect(diagnostics.map(\.header) == [
            "incidents/2026-11-20-zurich-scan-latency.md:7:39: error: [time-zone] time '2026-11-20T15:05' in 'at' has no time zone",
            "incidents/2026-11-20-zurich-scan-latency.md:9:20: warning: [raw-html] raw HTML in Markdown will not be rendered",
            "maintenance/2026-12-10-sequencer-upgrade.md:4:6: error: [end-before-start] 'end' (2026-12-10T13:00:00Z) is not after 'start' (2026-12-10T14:00:00Z)",
        ])
        // Column 39 counts Unicode scalars; the caret is 41 terminal columns in because 日, 本 and 🚀 are two wide.
        let expectedExcerpts = [
            ["   7 |   - {text: \"Zürich → 日本 🚀 fixed\", at: 2026-11-20T15:05, status: resolved}",
             "     | " + String(repeating: " ", count: 41) + "^"],
            ["   9 | The cache was cold.<br>See the runbook.",
             "     | " + String(repeating: " ", count: 19) + "^"],
            ["   4 | end: 2026-12-10T13:00Z",
             "     |      ^"],
        ]
        for (diagnostic, excerpt) in zip(diagnostics, expectedExcerpts) {
            #expect(diagnostic.body.count == 3, "\(diagnostic.header): expected a hint, the source line and a caret")
            #expect(diagnostic.body.first?.hasPrefix("  hint: ") == true && diagnostic.body.first!.count > "  hint: ".count)
            #expect(Array(diagnostic.body.dropFirst()) == excerpt)
        }
        #expect(result.outputLines.last == "2 errors, 1 warning in 3 files")
    }

    struct ColumnCase: NamedCase {
        var name: String
        /// Text before the error on its line.
        var prefix: String
        /// Terminal columns `prefix` takes.
        var width: Int
    }

    /// Columns count Unicode scalars (as libyaml and editors do); the caret is padded by display width.
    @Test(arguments: [
        ColumnCase(name: "ASCII", prefix: "Zurich", width: 6),
        ColumnCase(name: "precomposed ü", prefix: "Zürich", width: 6),
        ColumnCase(name: "u with a combining diaeresis", prefix: "Zu\u{0308}rich", width: 6),
        ColumnCase(name: "CJK, two columns each", prefix: "東京の障害", width: 10),
        ColumnCase(name: "emoji, two columns", prefix: "🚀 up", width: 5),
        ColumnCase(name: "em dash and accents", prefix: "naïve — café", width: 12),
    ])
    func columnAndCaretAfterNonASCII(_ testCase: ColumnCase) throws {
        let marked = MarkedText("""
            ---
            title: "Scan latency"
            environments: [mainnet]
            impact: {scan-api: degraded-performance}
            updates:
              - {text: "\(testCase.prefix)", at: 1️⃣2026-11-20T15:05, status: investigating}
            ---

            """)
        let position = try #require(marked.positions["1️⃣"])
        let repo = try StatusRepo.make(["incidents/2026-11-20-scan-latency.md": marked.text])
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        try #require(diagnostics.count == 1, "\(result.standardOutput)")
        #expect(diagnostics[0].header
            == "incidents/2026-11-20-scan-latency.md:\(position.line):\(position.column): error: [time-zone] time '2026-11-20T15:05' in 'at' has no time zone")
        let sourceLine = "  - {text: \"\(testCase.prefix)\", at: 2026-11-20T15:05, status: investigating}"
        let padding = "  - {text: \"".count + testCase.width + "\", at: ".count
        #expect(Array(diagnostics[0].body.dropFirst()) == [
            "   6 | \(sourceLine)",
            "     | " + String(repeating: " ", count: padding) + "^",
        ])
    }

    /// Raw HTML in the body after non-ASCII text: the column must count scalars, like every other rule.
    @Test func rawHTMLColumnAfterNonASCII() throws {
        let marked = MarkedText("""
            ---
            title: "Scan latency"
            environments: [mainnet]
            impact: {scan-api: degraded-performance}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
            ---
            Grüße aus Zürich: 1️⃣<b>fett</b>

            """)
        let position = try #require(marked.positions["1️⃣"])
        let repo = try StatusRepo.make(["incidents/2026-11-20-scan-latency.md": marked.text])
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now], in: repo.url)

        #expect(result.status == 0)
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        #expect(diagnostics.map(\.location).first == "incidents/2026-11-20-scan-latency.md:\(position.line):\(position.column)")
        #expect(diagnostics.first?.body.dropFirst().first == "   8 | Grüße aus Zürich: <b>fett</b>")
        #expect(diagnostics.first?.body.dropFirst(2).first == "     | " + String(repeating: " ", count: 18) + "^")
    }

    struct LateDiagnosticCase: NamedCase {
        var name: String
        var path: String
        var marked: String
        var rule: String
        var now: String = ValidateOutputTests.now
        var commitDate = "2026-11-01T12:00:00Z"
    }

    /// Diagnostics found after a file is parsed (references, the clock, git history) must show the
    /// source line and caret like the others (PRODUCT.md: "Every diagnostic: … the source line with a caret").
    @Test(arguments: [
        LateDiagnosticCase(name: "unknown component", path: "incidents/2026-11-20-scan.md", marked: """
            ---
            title: "Scan latency"
            environments: [mainnet]
            impact: {1️⃣scan-apix: degraded-performance}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
            ---

            """, rule: "unknown-component"),
        LateDiagnosticCase(name: "unknown environment", path: "incidents/2026-11-20-scan.md", marked: """
            ---
            title: "Scan latency"
            environments: [1️⃣mainet]
            impact: {scan-api: degraded-performance}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
            ---

            """, rule: "unknown-environment"),
        LateDiagnosticCase(name: "update in the future", path: "incidents/2026-11-20-scan.md", marked: """
            ---
            title: "Scan latency"
            environments: [mainnet]
            impact: {scan-api: degraded-performance}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
              - {at: 1️⃣2026-11-25T14:05Z, status: monitoring, text: "A fix is rolling out."}
            ---

            """, rule: "future-time"),
        LateDiagnosticCase(name: "short notice", path: "maintenance/2026-11-24-upgrade.md", marked: """
            ---
            title: "Upgrade"
            start: 1️⃣2026-11-24T20:00Z
            end: 2026-11-24T22:00Z
            environments: [mainnet]
            components: [sequencers]
            impact: major-outage
            ---

            """, rule: "short-notice", commitDate: "2026-11-24T09:00:00Z"),
    ])
    func diagnosticsFromLaterRulesShowTheSourceLine(_ testCase: LateDiagnosticCase) throws {
        let marked = MarkedText(testCase.marked)
        let position = try #require(marked.positions["1️⃣"])
        let repo = try StatusRepo.make([testCase.path: marked.text], commitDate: testCase.commitDate)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", testCase.now], in: repo.url)

        #expect(result.status == 1)
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        try #require(diagnostics.count == 1, "\(result.standardOutput)")
        #expect(diagnostics[0].location == "\(testCase.path):\(position.line):\(position.column)")
        #expect(diagnostics[0].rule == testCase.rule)
        let sourceLine = marked.text.split(separator: "\n", omittingEmptySubsequences: false)[position.line - 1]
        #expect(Array(diagnostics[0].body.dropFirst()) == [
            "   \(position.line) | \(sourceLine)",
            "     | " + String(repeating: " ", count: position.column - 1) + "^",
        ], "no source line and caret under:\n\(result.standardOutput)")
    }

    @Test func diagnosticsAreSortedByFileAndPosition() throws {
        let components = Fixtures.componentsYAML.replacingOccurrences(
            of: "    group: apis\n    description: The Scan API", with: "    group: apiz\n    description: The Scan API")
        let repo = try StatusRepo.make([
            "components.yml": components,
            "maintenance/2026-12-10-upgrade.md": Fixtures.maintenance(start: "2026-12-10T14:00Z", end: "2026-12-10T13:00Z"),
            "incidents/2026-11-21-b.md": """
                ---
                title: "B"
                environments: [mainet]
                impact: {scan-api: degraded-performance}
                updates:
                  - {at: 2026-11-21T14:05Z, status: investigating, text: "Looking."}
                  - {at: 2026-11-21T15:05, status: resolved, text: "Fixed."}
                ---

                """,
            "incidents/2026-11-20-a.md": """
                ---
                title: "A"
                environments: [mainnet]
                impact: {scan-apx: degraded-performance}
                updates:
                  - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking."}
                  - {at: 2026-11-25T14:05Z, status: resolved, text: "Fixed."}
                ---

                """,
        ])
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--format", "json", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        let report = try JSONReport(result.standardOutput)
        #expect(report.diagnostics.map { "\($0.path):\($0.line) \($0.rule)" } == [
            "components.yml:57 unknown-group",
            "incidents/2026-11-20-a.md:4 unknown-component",
            "incidents/2026-11-20-a.md:7 future-time",
            "incidents/2026-11-21-b.md:3 unknown-environment",
            "incidents/2026-11-21-b.md:7 time-zone",
            "maintenance/2026-12-10-upgrade.md:4 end-before-start",
        ])
    }

    @Test func jsonFormat() throws {
        let repo = try StatusRepo.make(Self.brokenContent)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--format", "json", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        #expect(result.standardError == "")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 2)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["notes"] as? Int == 0)
        #expect(summary["files"] as? Int == 3)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 3)
        let first = try #require(diagnostics.first)
        #expect(first["path"] as? String == "incidents/2026-11-20-zurich-scan-latency.md")
        #expect(first["line"] as? Int == 7)
        #expect(first["column"] as? Int == 39)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "time-zone")
        #expect(first["message"] as? String == "time '2026-11-20T15:05' in 'at' has no time zone")
        #expect((first["hint"] as? String)?.contains("2026-11-20T15:05Z") == true)
        #expect(diagnostics.map { $0["severity"] as? String } == ["error", "warning", "error"])
    }

    @Test func githubFormat() throws {
        let repo = try StatusRepo.make(Self.brokenContent)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--format", "github", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        #expect(result.standardError == "")
        let lines = result.outputLines
        try #require(lines.count == 4, "\(result.standardOutput)")
        let expectedPrefixes = [
            "::error file=incidents/2026-11-20-zurich-scan-latency.md,line=7,col=39,title=[time-zone]::time '2026-11-20T15:05' in 'at' has no time zone%0Ahint: ",
            "::warning file=incidents/2026-11-20-zurich-scan-latency.md,line=9,col=20,title=[raw-html]::raw HTML in Markdown will not be rendered%0Ahint: ",
            "::error file=maintenance/2026-12-10-sequencer-upgrade.md,line=4,col=6,title=[end-before-start]::'end' (2026-12-10T13:00:00Z) is not after 'start' (2026-12-10T14:00:00Z)%0Ahint: ",
        ]
        for (line, prefix) in zip(lines, expectedPrefixes) {
            #expect(line.hasPrefix(prefix), "\(line)")
            #expect(line.count > prefix.count, "empty hint: \(line)")
        }
        #expect(lines[3] == "2 errors, 1 warning in 3 files")
    }

    struct FormatCase: NamedCase {
        var name: String
        var arguments: [String]
    }

    /// Standard output is a file here, not a terminal: no ANSI escapes, even with a colour TERM.
    @Test(arguments: [
        FormatCase(name: "text", arguments: []),
        FormatCase(name: "json", arguments: ["--format", "json"]),
        FormatCase(name: "github", arguments: ["--format", "github"]),
    ])
    func noColourWhenNotATerminal(_ testCase: FormatCase) throws {
        let repo = try StatusRepo.make(Self.brokenContent)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now] + testCase.arguments, in: repo.url,
                                 environment: ["TERM": "xterm-256color", "CLICOLOR_FORCE": "1"])

        #expect(result.status == 1)
        #expect(!result.standardOutput.isEmpty)
        #expect(!result.standardOutput.contains("\u{1B}"))
        #expect(!result.standardError.contains("\u{1B}"))
    }

    @Test func quietHidesWarnings() throws {
        let repo = try StatusRepo.make(Self.brokenContent)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--quiet", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        #expect(diagnostics.map(\.rule) == ["time-zone", "end-before-start"])
        #expect(!result.standardOutput.contains("warning"))
        #expect(!result.standardOutput.contains("<br>"))
        #expect(result.outputLines.last == "2 errors in 3 files")
    }

    @Test func quietWithOnlyWarningsExitsZero() throws {
        let repo = try StatusRepo.make([
            "incidents/2026-11-20-scan.md": """
                ---
                title: "Scan latency"
                environments: [mainnet]
                impact: {scan-api: degraded-performance}
                updates:
                  - {at: 2026-11-20T14:05Z, status: investigating, text: "Looking into it."}
                ---
                See <b>the runbook</b>.

                """,
        ])
        defer { repo.remove() }

        let loud = try CLI.run(["validate", "--now", Self.now], in: repo.url)
        let quiet = try CLI.run(["validate", "--quiet", "--now", Self.now], in: repo.url)

        #expect(loud.status == 0)
        #expect(TextDiagnostic.parse(loud.standardOutput).map(\.rule) == ["raw-html"])
        #expect(loud.outputLines.last == "1 warning in 2 files")
        #expect(quiet.status == 0)
        #expect(TextDiagnostic.parse(quiet.standardOutput).isEmpty)
        #expect(!quiet.standardOutput.contains("warning:"))
    }
}

/// One diagnostic of the text format: its header line and the indented lines after it.
struct TextDiagnostic {
    var header: String
    var body: [String] = []

    /// `path:line:col`
    var location: String {
        guard let match = header.firstMatch(of: #/^(.+?:\d+:\d+): (error|warning|note): /#) else { return "" }
        return String(match.1)
    }

    var rule: String {
        guard let match = header.firstMatch(of: #/: (?:error|warning|note): \[([a-z0-9-]+)\] /#) else { return "" }
        return String(match.1)
    }

    /// Splits text output into diagnostics; the summary line (not indented, not a header) is left out.
    static func parse(_ output: String) -> [TextDiagnostic] {
        var diagnostics: [TextDiagnostic] = []
        for line in ProcessResult.lines(output) {
            if line.firstMatch(of: #/^\S.*?:\d+:\d+: (error|warning|note): \[/#) != nil {
                diagnostics.append(TextDiagnostic(header: line))
            } else if line.hasPrefix(" "), !diagnostics.isEmpty {
                diagnostics[diagnostics.count - 1].body.append(line)
            }
        }
        return diagnostics
    }
}

/// The `--format json` report, parsed with JSONSerialization.
struct JSONReport {
    struct Entry {
        var path: String
        var line: Int
        var column: Int
        var severity: String
        var rule: String
        var message: String
    }

    var summary: [String: Int]
    var diagnostics: [Entry]

    init(_ text: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
        summary = (object["summary"] as? [String: Int]) ?? [:]
        diagnostics = ((object["diagnostics"] as? [[String: Any]]) ?? []).map {
            Entry(path: $0["path"] as? String ?? "", line: $0["line"] as? Int ?? 0, column: $0["column"] as? Int ?? 0,
                  severity: $0["severity"] as? String ?? "", rule: $0["rule"] as? String ?? "",
                  message: $0["message"] as? String ?? "")
        }
    }
}
