import CantonStatusTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `canton-status preview`: serves on loopback, picks up an edit within seconds, shows errors in place
/// of the site.
@Suite struct PreviewCommandTests {
    /// The preview as a background process; stopped in `defer`.
    final class RunningPreview: @unchecked Sendable {  // Owned by one test.
        let process = Process()
        let output: URL
        let base: String

        init(in repo: TempGitRepo) throws {
            output = repo.url.appendingPathComponent("preview.out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = CLI.binary
            process.arguments = ["preview", "--port", "0", "--now", "2026-11-24T10:00Z"]
            process.currentDirectoryURL = repo.url
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
            var found: String?
            for _ in 0..<200 {
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression), text.contains("rebuilt") {
                    found = String(text[range])
                    break
                }
                usleep(50_000)
            }
            guard let found else {
                process.terminate()
                throw ReceiverError("preview did not start")
            }
            base = found
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls `url` until `condition` holds or `seconds` pass; returns whether it held.
    static func eventually(_ url: String, within seconds: Double, _ condition: (Int, String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let (status, body) = try await get(url)
            if condition(status, body) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// A rebuild of this repository takes well under a second (1.7 s for this whole test on a quiet
    /// machine); the wait leaves room for a machine busy with the rest of a parallel test run and
    /// other builds, where 5 s was seen to run out.
    static let rebuildWait: TimeInterval = 20

    @Test func servesOnLoopbackAndPicksUpAnEditWithinSeconds() async throws {
        let repo = try BuildCommandTests.repository()
        defer { repo.remove() }
        let preview = try RunningPreview(in: repo)
        defer { preview.stop() }
        #expect(preview.base.hasPrefix("http://127.0.0.1:"))
        let page = preview.base + "incidents/2026-11-20-scan-api-latency.html"
        let first = try await Self.get(page)
        #expect(first.status == 200)
        #expect(first.body.contains("Elevated Scan API latency on MainNet"))

        try repo.write("incidents/2026-11-20-scan-api-latency.md",
                       Fixtures.validIncident.replacingOccurrences(of: "Elevated Scan API latency on MainNet", with: "Slow Scans on MainNet"))
        #expect(try await Self.eventually(page, within: Self.rebuildWait) { $0 == 200 && $1.contains("Slow Scans on MainNet") },
                "the edited title did not appear within \(Self.rebuildWait) s")

        // A broken file: the browser shows the error with its location instead of the site.
        try repo.write("incidents/2026-11-21-broken.md", "---\ntitle: Broken\nenvironments: [moonnet]\n---\n")
        #expect(try await Self.eventually(preview.base, within: Self.rebuildWait) { $0 == 500 && $1.contains("incidents/2026-11-21-broken.md:2:1: error: [missing-field]") })
        try FileManager.default.removeItem(at: repo.url.appendingPathComponent("incidents/2026-11-21-broken.md"))
        #expect(try await Self.eventually(preview.base, within: Self.rebuildWait) { status, _ in status == 200 })
        // Nothing outside the site is served.
        #expect(try await Self.get(preview.base + "%2e%2e/%2e%2e/etc/passwd").status == 404)
    }
}
