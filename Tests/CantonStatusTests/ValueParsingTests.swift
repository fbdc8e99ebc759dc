@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-20T14:05Z", "2026-11-20T14:05:00Z"),
        ("2026-11-20T14:05:30Z", "2026-11-20T14:05:30Z"),
        ("2026-11-20T15:05+01:00", "2026-11-20T14:05:00Z"),
        ("2026-11-20T09:05-0500", "2026-11-20T14:05:00Z"),
        ("2026-11-20 14:05:30.123Z", "2026-11-20T14:05:30Z"),
        ("2024-02-29T00:00Z", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2026-01-01T00:30+01:00", "2025-12-31T23:30:00Z"),
    ])
    func parsesZonedTimes(text: String, utc: String) throws {
        #expect(try Timestamp.parse(text).get().description == utc)
    }

    @Test(arguments: [
        ("2026-11-20T14:05", Timestamp.ParseError.missingZone),
        ("2026-11-20", .missingTime),
        ("2026-02-30T14:05Z", .malformed),
        ("2025-02-29T14:05Z", .malformed),
        ("2026-11-20T24:00Z", .malformed),
        ("2026-11-20T14:05Q", .malformed),
        ("20261120T1405Z", .malformed),
        ("2026-11-20T14:05Z trailing", .malformed),
        ("", .malformed),
    ])
    func refusesTimesThatAreNotZoned(text: String, error: Timestamp.ParseError) {
        #expect(throws: error) { try Timestamp.parse(text).get() }
    }

    @Test func daysInTheWrittenOffsetAndInUTC() throws {
        let time = try Timestamp.parse("2026-11-19T23:30-05:00").get()
        #expect(time.utcDay == "2026-11-20")
        #expect(time.localDay == "2026-11-19")
    }

    @Test func equalityIsByInstant() throws {
        #expect(try Timestamp.parse("2026-11-20T14:05Z").get() == Timestamp.parse("2026-11-20T15:05+01:00").get())
    }
}

@Suite struct IntervalTests {
    @Test(arguments: [("48h", Int64(172_800_000)), ("20m", 1_200_000), ("5s", 5000), ("500ms", 500), ("2d", 172_800_000),
                      ("1h30m", 5_400_000)])
    func parses(text: String, milliseconds: Int64) {
        #expect(Interval.parse(text)?.milliseconds == milliseconds)
    }

    @Test(arguments: ["", "48", "h", "-5s", "5 s", "0s", "1.5h", "5sec", "9999999999h"])
    func refuses(text: String) {
        #expect(Interval.parse(text) == nil)
    }

    @Test func printsTheShortestForm() {
        #expect(Interval.parse("90m")?.description == "1h30m")
        #expect(Interval.parse("2d")?.description == "48h")
        #expect(Interval.parse("1500ms")?.description == "1500ms")
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("sequencer", "sequencers"), ("mainet", "mainnet"), ("reported-by", "reported_by"), ("Titel", "title"),
        ("degraded", "degraded-performance"), ("investigatin", "investigating"),
    ])
    func suggestsTheClosest(word: String, expected: String) {
        let candidates = ["sequencers", "mainnet", "testnet", "reported_by", "title", "degraded-performance",
                          "investigating", "identified"]
        #expect(Suggestion.closest(to: word, in: candidates) == expected)
    }

    @Test func suggestsNothingForUnrelatedWords() {
        #expect(Suggestion.closest(to: "banana", in: ["mainnet", "testnet", "devnet"]) == nil)
        #expect(Suggestion.closest(to: "ab", in: ["xy"]) == nil)
    }
}

@Suite struct FrontMatterTests {
    @Test func splitsAndCountsLines() throws {
        let source = SourceText(path: "x.md", text: "---\ntitle: x\nimpact: {}\n---\nBody line\n")
        let matter = try FrontMatter.split(source).get()
        #expect(matter.yaml == "title: x\nimpact: {}\n")
        #expect(matter.yamlLineOffset == 1)
        #expect(matter.bodyLineOffset == 4)
        #expect(matter.body == "Body line\n")
    }

    @Test func normalisesBOMAndCRLF() throws {
        let source = SourceText(path: "x.md", text: "\u{FEFF}---\r\ntitle: x\r\n---\r\nBody\r\n")
        #expect(source.text == "---\ntitle: x\n---\nBody\n")
        #expect(try FrontMatter.split(source).get().yaml == "title: x\n")
    }

    @Test func delimiterMayHaveTrailingSpaces() throws {
        let source = SourceText(path: "x.md", text: "---  \ntitle: x\n--- \n")
        #expect(try FrontMatter.split(source).get().yaml == "title: x\n")
    }
}

@Suite struct ContentBytesTests {
    @Test func locatesTheFirstInvalidByte() throws {
        let bytes = Array("ab\nçé".utf8) + [0xFF] + Array("x".utf8)
        guard case .failure(let diagnostic) = ContentBytes.decode(bytes, path: "f.md") else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(diagnostic.location == Model.SourceLocation(path: "f.md", line: 2, column: 3))
        #expect(diagnostic.message.contains("0xFF"))
    }

    @Test func refusesOverlongAndSurrogateEncodings() {
        #expect(ContentBytes.firstInvalidUTF8Byte(in: [0x61, 0xC0, 0xAF]) == 1)
        #expect(ContentBytes.firstInvalidUTF8Byte(in: [0xED, 0xA0, 0x80]) == 0)
        #expect(ContentBytes.firstInvalidUTF8Byte(in: Array("ok ✓".utf8)) == nil)
    }
}

@Suite struct ScaffoldTests {
    @Test func incidentDraftIsNamedAndQuoted() throws {
        let now = try Timestamp.parse("2026-11-24T10:05:42Z").get()
        let draft = Scaffold.incident(title: "Scan: \"slow\" on TestNet", environments: ["testnet"],
                                      impact: [("scan-api", .degradedPerformance)], text: nil, slug: nil, now: now)
        #expect(draft.path == "incidents/2026-11-24-scan-slow-on-testnet.md")
        #expect(draft.text.contains("title: \"Scan: \\\"slow\\\" on TestNet\""))
        #expect(draft.text.contains("  - at: 2026-11-24T10:05Z"))
    }

    @Test func scaffoldedFilesValidateClean() throws {
        let now = try Timestamp.parse("2026-11-24T10:05Z").get()
        let incidentDraft = Scaffold.incident(title: "Rounds stalled: no new round", environments: ["mainnet"],
                                              impact: [("sequencers", .majorOutage)], text: "Line 1\nline: 2", slug: nil, now: now)
        let maintenanceDraft = Scaffold.maintenance(
            title: "MainNet upgrade", environments: ["mainnet"], components: ["sequencers"],
            start: try Timestamp.parse("2026-12-10T14:00Z").get(), end: try Timestamp.parse("2026-12-10T20:00Z").get(),
            impact: .majorOutage, references: ["CIP-0089"], slug: nil)
        let files = ["components.yml": baseConfiguration, incidentDraft.path: incidentDraft.text,
                     maintenanceDraft.path: maintenanceDraft.text]
        let report = try ContentValidator(now: now).validate(InMemoryFileSystem(files), history: NoGitHistory())
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.content?.incidents.first?.updates.first?.text.value == "Line 1\nline: 2")
    }

    @Test func longTitlesGiveShortSlugs() {
        let slug = Scaffold.slugify(String(repeating: "sequencer latency ", count: 10))
        #expect(slug.count <= 60)
        #expect(!slug.hasSuffix("-"))
    }
}
