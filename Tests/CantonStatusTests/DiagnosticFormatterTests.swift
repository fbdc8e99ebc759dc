@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Foundation
import Testing

@Suite struct DiagnosticFormatterTests {
    func report() throws -> ValidationReport {
        let files = [
            "components.yml": baseConfiguration,
            "incidents/2026-11-20-latency.md": incident(title: "Élevé — “latence”", environments: "[mainet]",
                                                        body: "<div>x</div>\n"),
        ]
        return try ContentValidator(now: fixedNow).validate(InMemoryFileSystem(files), history: NoGitHistory())
    }

    @Test func textShowsLocationHintSourceAndCaret() throws {
        let text = DiagnosticFormatter().text(try report())
        let expected = """
            incidents/2026-11-20-latency.md:3:16: error: [unknown-environment] unknown environment 'mainet'
              hint: did you mean 'mainnet'?
               3 | environments: [mainet]
                 |                ^
            incidents/2026-11-20-latency.md:8:1: warning: [raw-html] raw HTML in Markdown will not be rendered
              hint: use Markdown instead (**bold**, [link](https://…), lists, tables); HTML tags are dropped for safety
               8 | <div>x</div>
                 | ^
            1 error, 1 warning in 2 files

            """
        #expect(text == expected)
        #expect(!text.contains("\u{1B}"))
    }

    @Test func caretAccountsForWideCharacters() {
        let formatter = DiagnosticFormatter()
        let diagnostic = Diagnostic.error(.unknownKey, "x", at: Model.SourceLocation(path: "a", line: 1, column: 4))
        let output = formatter.text(diagnostic, source: SourceText(path: "a", text: "中文 bad"))
        // Two wide characters take four columns, then the space: the caret sits under "b".
        #expect(output.hasSuffix("   1 | 中文 bad\n     |      ^\n"))
    }

    @Test func colourOnlyWhenAsked() throws {
        #expect(DiagnosticFormatter(colour: true).text(try report()).contains("\u{1B}[1;31merror:"))
    }

    @Test func jsonIsStableAndComplete() throws {
        let json = DiagnosticFormatter().json(try report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 1, "warnings": 1, "notes": 0, "files": 2])
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["path"] as? String == "incidents/2026-11-20-latency.md")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 16)
        #expect(first["rule"] as? String == "unknown-environment")
        #expect(first["severity"] as? String == "error")
        #expect(first["hint"] as? String == "did you mean 'mainnet'?")
    }

    @Test func githubAnnotationsEscapeTheirProperties() throws {
        let lines = DiagnosticFormatter().github(try report()).split(separator: "\n")
        #expect(lines.first == "::error file=incidents/2026-11-20-latency.md,line=3,col=16,title=[unknown-environment]::unknown environment 'mainet'%0Ahint: did you mean 'mainnet'?")
        #expect(lines.dropFirst().first?.hasPrefix("::warning file=") == true)
        #expect(DiagnosticFormatter.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func summaryWording() throws {
        var report = try report()
        #expect(DiagnosticFormatter().summary(report) == "1 error, 1 warning in 2 files")
        report.keepOnly(atLeast: .error)
        #expect(DiagnosticFormatter().summary(report) == "1 error in 2 files")
        report.keepOnly(path: "none")
        #expect(DiagnosticFormatter().summary(report) == "no problems in 1 file")
    }
}
