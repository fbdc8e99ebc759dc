import CantonStatusTestSupport
import Foundation
import Testing

/// A pull request must not make `validate` read files outside the repository through a symlink.
@Suite struct SymlinkTests {
    static let secret = "TOPSECRET-7f3a"

    struct LinkCase: NamedCase {
        var name: String
        /// The link's target; `{outside}` stands for the outside folder's path.
        var target: String
    }

    @Test(arguments: [
        LinkCase(name: "absolute link", target: "{outside}/2026-11-20-leak.md"),
        LinkCase(name: "relative link climbing out", target: "../../{outsideName}/2026-11-20-leak.md"),
    ])
    func symlinkOutsideTheRepositoryIsReportedNotRead(_ testCase: LinkCase) throws {
        // Both temp folders sit side by side under the system temp directory.
        let outside = try TemporaryDirectory(prefix: "canton-status-outside")
        defer { outside.remove() }
        try outside.write("2026-11-20-leak.md", """
            ---
            title: "\(Self.secret)"
            environments: [\(Self.secret)]
            ---
            \(Self.secret) <b>body</b>

            """)
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }
        try FileManager.default.createDirectory(at: repo.url.appendingPathComponent("incidents"), withIntermediateDirectories: true)
        let target = testCase.target.replacingOccurrences(of: "{outsideName}", with: outside.url.lastPathComponent)
            .replacingOccurrences(of: "{outside}", with: outside.path)
        let link = "incidents/2026-11-20-leak.md"
        try FileManager.default.createSymbolicLink(atPath: repo.url.appendingPathComponent(link).path,
                                                   withDestinationPath: target)

        for format in ["text", "json", "github"] {
            let result = try CLI.run(["validate", "--format", format, "--now", "2026-11-24T10:00Z"], in: repo.url)

            #expect(result.status == 1)
            #expect(!result.standardOutput.contains(Self.secret), "\(format) output shows the target's content")
            #expect(!result.standardError.contains(Self.secret))
            if format == "text" {
                let diagnostics = TextDiagnostic.parse(result.standardOutput)
                #expect(diagnostics.map(\.header) == [
                    "\(link):1:1: error: [symlink-outside-repo] '\(link)' is a symlink to '\(target)', outside the repository",
                ])
                #expect(diagnostics.first?.body.first?.hasPrefix("  hint: ") == true)
                #expect(diagnostics.first?.body.count == 1, "no source line may be shown for a link that was not read")
            }
        }
    }

    @Test func symlinkInsideTheRepositoryIsRead() throws {
        let repo = try StatusRepo.make(["docs/2026-11-20-scan-api-latency.md": Fixtures.validIncident])
        defer { repo.remove() }
        try FileManager.default.createDirectory(at: repo.url.appendingPathComponent("incidents"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("incidents/2026-11-20-scan-api-latency.md").path,
            withDestinationPath: "../docs/2026-11-20-scan-api-latency.md")

        let result = try CLI.run(["validate", "--now", "2026-11-24T10:00Z"], in: repo.url)

        #expect(result.status == 0)
        #expect(result.standardOutput == "no problems in 2 files\n")
    }
}
