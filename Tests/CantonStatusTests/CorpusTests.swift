@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Dispatch
import Foundation
import Testing

/// The bad-input corpus: one realistic operator mistake per file, each validated on its own next to a
/// valid `components.yml`, with exactly the diagnostics listed in `Corpus/expectations.txt`.
///
/// Layout of `Corpus/` (copied into the test bundle as is):
/// - `components.yml`: the valid baseline, a copy of the repository's own;
/// - `incidents/*`, `maintenance/*`: bad content files, validated with the baseline;
/// - `config/NAME.yml`: bad variants of `components.yml`, validated alone in its place;
/// - `expectations.txt`: `<path>:<line>:<column> <severity> <rule>`, one line per diagnostic.
///
/// Files whose bytes editors and git tend to "repair" (a byte-order mark with CRLF, Latin-1, Windows-1252,
/// UTF-16, a PNG, a NUL byte, a 2 MB file) are written by `CorpusFixture.generatedFiles` instead, and count as
/// corpus files.
/// Every case runs on its own thread with a time limit, so a hang (a YAML bomb) fails its case instead
/// of stalling the whole run.
///
/// The expectations say what an operator needs (the line and column of the mistake, the right rule), not
/// what the code happens to do: when a case fails, fix the code, not the expectation, unless the
/// expectation itself is wrong.
@Suite("Bad-input corpus")
struct CorpusTests {
    /// The clock every case runs at.
    static let now = corpusTime("2026-11-24T12:00Z")

    /// Git history for the notice rule: one window committed too late, one in a shallow clone.
    static let history = FirstCommits(
        times: [
            "maintenance/2026-11-25-short-notice-committed.md": corpusTime("2026-11-24T08:00Z"),
            "maintenance/2026-11-25-shallow-clone.md": corpusTime("2026-11-24T07:00Z"),
        ],
        truncated: ["maintenance/2026-11-25-shallow-clone.md"])

    /// Longest a single file may take to validate; the slowest real case takes milliseconds.
    static let timeLimit: DispatchTimeInterval = .seconds(30)

    // MARK: Cases

    @Test("each corpus file gives exactly its expected diagnostics", arguments: CorpusFixture.shared.paths)
    func exactDiagnostics(_ path: String) throws {
        let corpus = CorpusFixture.shared
        let expected = corpus.expectations[path] ?? []
        #expect(!expected.isEmpty, "\(path) has no line in expectations.txt")

        let bytes = try #require(corpus.bytes(of: path), "cannot read corpus file \(path)")
        // A config/ variant is validated alone, as components.yml; anything else next to the baseline.
        let isConfiguration = path.hasPrefix("config/")
        let files = isConfiguration
            ? [ConfigurationLoader.path: bytes]
            : [ConfigurationLoader.path: corpus.baseline, path: bytes]
        let rename = isConfiguration ? (from: ConfigurationLoader.path, to: path) : nil

        let outcome = Self.validate(files)
        let report: ValidationReport
        switch outcome {
        case .timedOut:
            Issue.record("\(path): validation did not finish within \(Self.timeLimit)")
            return
        case .threw(let error):
            Issue.record("\(path): validation threw instead of reporting a diagnostic: \(error)")
            return
        case .finished(let value):
            report = value
        }

        let actual = report.diagnostics.map { Self.line(for: $0, reportedAs: rename) }
        // Compared as lists, so one diagnostic reported twice is an extra one.
        let missing = expected.subtracting(actual)
        let unexpected = Set(actual).subtracting(expected)
        let detail = report.diagnostics.map { "  \(Self.line(for: $0)): \($0.message)" }.joined(separator: "\n")
        #expect(actual.sorted() == expected.sorted(),
                "\(path)\n missing: \(missing.sorted())\n unexpected: \(unexpected.sorted())\n produced:\n\(detail)")

        for diagnostic in report.diagnostics {
            let texts = [diagnostic.message, diagnostic.hint ?? ""] + diagnostic.notes.map(\.message)
            for text in texts {
                #expect(!Self.looksLikeCrash(text), "\(path): diagnostic text looks like a crash report: \(text)")
            }
        }
    }

    /// All incident and maintenance files in one repository give what each gave alone. Files are then
    /// checked on all cores (`ParallelMap`, on threads with smaller stacks), and no file's problems may
    /// leak into another's. Whether those diagnostics are right is the per-file test's business.
    @Test func wholeCorpusAtOnceGivesWhatEachFileGaveAlone() throws {
        let corpus = CorpusFixture.shared
        let contentPaths = corpus.paths.filter { !$0.hasPrefix("config/") }
        var files = [ConfigurationLoader.path: corpus.baseline]
        var alone: [String] = []
        for path in contentPaths {
            let bytes = try #require(corpus.bytes(of: path), "cannot read corpus file \(path)")
            files[path] = bytes
            let outcome = Self.validate([ConfigurationLoader.path: corpus.baseline, path: bytes])
            guard case .finished(let report) = outcome else {
                Issue.record("\(path) alone: \(outcome)")
                return
            }
            alone += report.diagnostics.map { Self.line(for: $0) }
        }
        let outcome = Self.validate(files)
        guard case .finished(let report) = outcome else {
            Issue.record("the whole corpus at once: \(outcome)")
            return
        }
        let together = report.diagnostics.map { Self.line(for: $0) }
        let missing = Set(alone).subtracting(together).sorted()
        let unexpected = Set(together).subtracting(alone).sorted()
        #expect(together.sorted() == alone.sorted(), "missing: \(missing)\nunexpected: \(unexpected)")
        #expect(report.fileCount == contentPaths.count + 1)
    }

    // MARK: The corpus itself

    @Test func corpusHasAtLeastFortyFiles() {
        #expect(CorpusFixture.shared.paths.count >= 40)
    }

    @Test func corpusIsLoadedFromTheTestBundle() throws {
        let corpus = CorpusFixture.shared
        #expect(!corpus.committedPaths.isEmpty, "no files found under \(corpus.root.path)")
        #expect(!corpus.baseline.isEmpty)
        #expect(corpus.committedPaths.contains { $0.hasPrefix("incidents/") })
        #expect(corpus.committedPaths.contains { $0.hasPrefix("maintenance/") })
        #expect(corpus.committedPaths.contains { $0.hasPrefix("config/") })
    }

    @Test func everyExpectationNamesACorpusFile() {
        let corpus = CorpusFixture.shared
        let known = Set(corpus.paths)
        for path in corpus.expectations.keys.sorted() {
            #expect(known.contains(path), "expectations.txt names \(path), which is not in the corpus")
        }
        #expect(corpus.malformedExpectationLines.isEmpty,
                "malformed lines in expectations.txt: \(corpus.malformedExpectationLines)")
    }

    @Test func generatedFilesDoNotShadowCommittedOnes() {
        let corpus = CorpusFixture.shared
        #expect(Set(corpus.committedPaths).isDisjoint(with: CorpusFixture.generatedFiles.keys))
    }

    @Test func baselineConfigurationIsValid() throws {
        let outcome = Self.validate([ConfigurationLoader.path: CorpusFixture.shared.baseline])
        guard case .finished(let report) = outcome else {
            Issue.record("baseline did not validate: \(outcome)")
            return
        }
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { Self.line(for: $0) + " " + $0.message })")
        #expect(report.content != nil)
    }

    // MARK: Helpers

    enum Outcome: Sendable, CustomStringConvertible {
        case finished(ValidationReport)
        case threw(EnvironmentError)
        case timedOut

        var description: String {
            switch self {
            case .finished(let report): "finished with \(report.diagnostics.count) diagnostics"
            case .threw(let error): "threw \(error)"
            case .timedOut: "timed out"
            }
        }
    }

    /// Validates `files` on a thread of its own, giving up after `timeLimit`. A thread that hangs is
    /// left behind: the case fails, the other cases still run.
    static func validate(_ files: [String: [UInt8]]) -> Outcome {
        let slot = OutcomeSlot()
        let done = DispatchSemaphore(value: 0)
        let fileSystem = InMemoryFileSystem(bytes: files)
        let history = CorpusHistory(commits: Self.history)
        let thread = Thread {
            do throws(EnvironmentError) {
                slot.set(.finished(try ContentValidator(now: Self.now).validate(fileSystem, history: history)))
            } catch {
                slot.set(.threw(error))
            }
            done.signal()
        }
        thread.start()
        guard done.wait(timeout: .now() + Self.timeLimit) == .success else { return .timedOut }
        return slot.value ?? .timedOut
    }

    /// The diagnostic as a line of expectations.txt. `rename` maps a reported path to a corpus path: a
    /// `config/` variant is validated as `components.yml`.
    static func line(for diagnostic: Diagnostic, reportedAs rename: (from: String, to: String)? = nil) -> String {
        guard let location = diagnostic.location else {
            return "<no location> \(diagnostic.severity.name) \(diagnostic.rule)"
        }
        var path = location.path
        if let rename, path == rename.from { path = rename.to }
        return "\(path):\(location.line):\(location.column) \(diagnostic.severity.name) \(diagnostic.rule)"
    }

    /// Whether a diagnostic's text carries what only a crash or an uncaught error would print.
    static func looksLikeCrash(_ text: String) -> Bool {
        let signs = ["Fatal", "fatal error", "Stack dump", "stack trace", "Backtrace", "Thread 0", ".swift:", "Swift/"]
        return signs.contains { text.contains($0) }
            || text.range(of: #"0x[0-9a-fA-F]{8,}"#, options: .regularExpression) != nil
    }

    /// Where the validating thread leaves its result.
    /// `@unchecked Sendable`: `value` is only read and written while holding `lock`.
    final class OutcomeSlot: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Outcome?

        var value: Outcome? { lock.withLock { stored } }
        func set(_ outcome: Outcome) { lock.withLock { stored = outcome } }
    }

    /// The fixed git history above, for every directory.
    struct CorpusHistory: GitHistory {
        var commits: FirstCommits
        func firstCommits(under directory: String) throws(EnvironmentError) -> FirstCommits { commits }
    }
}

/// A UTC or offset time written in the corpus's own notation; the corpus is broken if it does not parse.
private func corpusTime(_ text: String) -> Timestamp {
    guard case .success(let time) = Timestamp.parse(text) else { preconditionFailure("bad corpus time \(text)") }
    return time
}

/// The corpus as found in the test bundle, plus the files the test writes itself.
struct CorpusFixture: Sendable {
    static let shared = CorpusFixture()

    /// Where `.copy("Corpus")` put the folder.
    let root: URL
    /// Bytes of `Corpus/components.yml`.
    let baseline: [UInt8]
    /// Corpus files in the bundle, relative to `root`, sorted.
    let committedPaths: [String]
    /// Committed and generated corpus files, sorted: one test case each.
    let paths: [String]
    /// Expected diagnostic lines by corpus path.
    let expectations: [String: Set<String>]
    let malformedExpectationLines: [String]

    init() {
        root = Bundle.module.url(forResource: "Corpus", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Corpus")
        baseline = (try? Array(Data(contentsOf: root.appendingPathComponent("components.yml")))) ?? []
        var committed: [String] = []
        for folder in ["incidents", "maintenance", "config"] {
            let folderPath = root.appendingPathComponent(folder).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []
            committed += names.filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
        }
        committedPaths = committed.sorted()
        paths = (committed + Self.generatedFiles.keys).sorted()

        var expectations: [String: Set<String>] = [:]
        var malformed: [String] = []
        let text = (try? String(contentsOf: root.appendingPathComponent("expectations.txt"), encoding: .utf8)) ?? ""
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ")
            let position = words.first?.split(separator: ":") ?? []
            guard words.count == 3, position.count == 3, Int(position[1]) != nil, Int(position[2]) != nil,
                  ["error", "warning", "note"].contains(words[1]) else {
                malformed.append(line)
                continue
            }
            expectations[String(position[0]), default: []].insert(line)
        }
        self.expectations = expectations
        malformedExpectationLines = malformed
    }

    func bytes(of path: String) -> [UInt8]? {
        if let generated = Self.generatedFiles[path] { return generated }
        guard let bytes = try? Array(Data(contentsOf: root.appendingPathComponent(path))) else { return nil }
        guard var text = String(validating: bytes, as: UTF8.self), text.contains("<<EXAMPLE_") else { return bytes }
        for (placeholder, value) in Self.exampleSecrets { text = text.replacingOccurrences(of: placeholder, with: value) }
        return Array(text.utf8)
    }

    /// Secret-shaped values for the literal-secret files, assembled here so that no committed file
    /// holds a string a secret scanner would flag. A placeholder stands where the value starts, so
    /// the expected columns are those of the value.
    static let exampleSecrets: [String: String] = [
        "<<EXAMPLE_JWT>>": "eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.ZXhhbXBsZS1zaWc",
        "<<EXAMPLE_WEBHOOK_SECRET>>": "whsec" + "_example-not-a-real-secret",
        "<<EXAMPLE_SMTP_URL>>": "smtp://status:" + "example-password@smtp.canton.example.org:587",
        "<<EXAMPLE_SLACK_URL>>": "https://hooks." + "slack.com/services/TEXAMPLE/BEXAMPLE/example-not-a-real-token",
    ]

    // MARK: Generated files

    /// Corpus files with bytes that do not survive editors and git well, built here.
    static let generatedFiles: [String: [UInt8]] = [
        // A byte-order mark and CRLF line ends (Windows Notepad); positions must be those an editor shows.
        "incidents/2026-11-20-bom-crlf.md":
            byteOrderMark + crlf(validIncident.replacingOccurrences(of: "  scan-api:", with: "  scan-apii:")),
        "incidents/2026-11-20-crlf-raw-html.md":
            crlf(validIncident.replacingOccurrences(
                of: "We are looking into it.", with: "Reads were slow.<br>Two SVs restarted their Scan apps.")),
        // Saved as Latin-1, or a Windows-1252 apostrophe pasted after UTF-8 text on the same line.
        "incidents/2026-11-20-latin1.md":
            latin1(validIncident.replacingOccurrences(of: "Scan API slow on MainNet", with: "Scan in Zürich slow")),
        "maintenance/2026-12-10-windows-1252.md":
            Array(validMaintenance.utf8).replacingFirst(Array("SV's".utf8), with: Array("SV".utf8) + [0x92, 0x73]),
        // Saved as "Unicode" (UTF-16LE with a byte-order mark) by an old Windows editor.
        "incidents/2026-11-20-utf16.md":
            [0xFF, 0xFE] + validIncident.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
        // A screenshot saved under an incident's name: binary from its first byte.
        "incidents/2026-11-20-screenshot.md":
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
             0x00, 0x00, 0x03, 0x20, 0x00, 0x00, 0x02, 0x58, 0x08, 0x06, 0x00, 0x00, 0x00, 0x9A, 0x76, 0x82],
        // A NUL byte pasted from a terminal into the middle of a line.
        "incidents/2026-11-20-stray-nul.md":
            Array(validIncident.utf8).replacingFirst(Array("Several Scan instances".utf8),
                                                with: Array("Several Scan".utf8) + [0] + Array(" instances".utf8)),
        // A 2 MB log pasted into the description.
        "maintenance/2026-12-10-too-large.md":
            Array((validMaintenance + String(repeating: "14:00:01Z INFO round ingested\n", count: 60_000)).utf8),
        // The baseline with Windows line ends, a byte-order mark and an unknown group.
        "config/bom-crlf-unknown-group.yml":
            byteOrderMark + crlf(baselineText.replacingOccurrences(
                of: "    name: Scan API\n    group: apis", with: "    name: Scan API\n    group: api")),
    ]

    static let validIncident = """
        ---
        title: Scan API slow on MainNet
        environments: [mainnet]
        impact:
          scan-api: degraded-performance
        updates:
          - at: 2026-11-20T14:05Z
            status: investigating
            text: Several Scan instances answer slowly.
        ---

        We are looking into it.

        """

    static let validMaintenance = """
        ---
        title: TestNet – SV's Scan upgrade
        start: 2026-12-10T14:00Z
        end: 2026-12-10T16:00Z
        environments: [testnet]
        components: [scan-api]
        impact: degraded-performance
        ---

        Each Super Validator restarts its Scan app once.

        """

    private static var baselineText: String {
        let url = (Bundle.module.url(forResource: "Corpus", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Corpus")).appendingPathComponent("components.yml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    private static func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }
}

private extension Array where Element == UInt8 {
    /// Replaces the first occurrence of `pattern`; the corpus is broken if there is none.
    func replacingFirst(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let start = indices.first(where: { self[$0...].starts(with: pattern) }) else {
            preconditionFailure("corpus pattern not found")
        }
        return Array(self[..<start]) + replacement + Array(self[(start + pattern.count)...])
    }
}
