import CantonStatusTestSupport
import Foundation
import Testing

/// The notice rule: maintenance with impact must be first committed at least `maintenance_notice`
/// (48h) before it starts, unless `short_notice:` says why. The time comes from git history.
@Suite struct NoticeRuleTests {
    static let plannedPath = "maintenance/2026-12-04-synchronizer-upgrade.md"
    static let planned = Fixtures.maintenance(start: "2026-12-04T12:00Z", end: "2026-12-04T14:00Z")
    static let latePath = "maintenance/2026-12-05-sequencer-restart.md"
    static let late = Fixtures.maintenance(start: "2026-12-05T12:00Z", end: "2026-12-05T14:00Z")

    /// Components committed long before; the maintenance file at `date`.
    static func repo(committing files: [String: String], at date: String) throws -> TempGitRepo {
        let repo = try StatusRepo.make([:], commitDate: "2026-11-01T12:00:00Z")
        do {
            for (path, contents) in files { try repo.write(path, contents) }
            try repo.commitAll("Announce maintenance", date: date)
            return repo
        } catch {
            repo.remove()
            throw error
        }
    }

    @Test func committedThreeDaysAheadPasses() throws {
        let repo = try Self.repo(committing: [Self.plannedPath: Self.planned], at: "2026-12-01T12:00:00Z")
        defer { repo.remove() }

        let before = try CLI.run(["validate", "--now", "2026-12-04T11:00Z"], in: repo.url)
        #expect(before.status == 0)
        #expect(before.standardOutput == "no problems in 2 files\n")

        // A later edit does not move the announcement: the first commit counts.
        try repo.write(Self.plannedPath, Self.planned + "\nSequencers restart one at a time.\n")
        try repo.commitAll("Add detail", date: "2026-12-04T02:00:00Z")
        let afterEdit = try CLI.run(["validate", "--now", "2026-12-04T11:00Z"], in: repo.url)
        #expect(afterEdit.status == 0)
        #expect(afterEdit.standardOutput == "no problems in 2 files\n")
    }

    @Test func firstCommittedTenHoursBeforeStartFails() throws {
        let repo = try Self.repo(committing: [Self.plannedPath: Self.planned], at: "2026-12-01T12:00:00Z")
        defer { repo.remove() }
        try repo.write(Self.latePath, Self.late)
        try repo.commitAll("Announce a late window", date: "2026-12-05T02:00:00Z")

        let result = try CLI.run(["validate", "--now", "2026-12-05T03:00Z"], in: repo.url)

        #expect(result.status == 1)
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        try #require(diagnostics.count == 1, "\(result.standardOutput)")
        #expect(diagnostics[0].header.hasPrefix("\(Self.latePath):3:8: error: [short-notice] window with major-outage impact is announced 10h before it starts"))
        #expect(diagnostics[0].header.contains("first committed 2026-12-05T02:00:00Z"))
        #expect(diagnostics[0].body.first?.hasPrefix("  hint: ") == true)
        #expect(diagnostics[0].body.first?.contains("short_notice") == true)
        #expect(result.outputLines.last == "1 error in 3 files")
    }

    @Test func shortNoticeWithAReasonPasses() throws {
        let withReason = Fixtures.maintenance(start: "2026-12-05T12:00Z", end: "2026-12-05T14:00Z",
                                              extra: "short_notice: \"security fix; the SVs voted to roll it out at once\"\n")
        let repo = try Self.repo(committing: [Self.latePath: withReason], at: "2026-12-05T02:00:00Z")
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", "2026-12-05T03:00Z"], in: repo.url)

        #expect(result.status == 0)
        #expect(result.standardOutput == "no problems in 2 files\n")
    }

    @Test func operationalImpactNeedsNoNotice() throws {
        let noImpact = Fixtures.maintenance(start: "2026-12-05T12:00Z", end: "2026-12-05T14:00Z", impact: "operational")
        let repo = try Self.repo(committing: [Self.latePath: noImpact], at: "2026-12-05T02:00:00Z")
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", "2026-12-05T03:00Z"], in: repo.url)

        #expect(result.status == 0)
        #expect(result.standardOutput == "no problems in 2 files\n")
    }

    struct UncommittedCase: NamedCase {
        var name: String
        /// Commit components.yml first; `false` leaves HEAD unborn.
        var hasCommits: Bool
    }

    /// A file not committed yet is announced "now".
    @Test(arguments: [
        UncommittedCase(name: "repository with history", hasCommits: true),
        UncommittedCase(name: "repository without commits", hasCommits: false),
    ])
    func uncommittedFileCountsAsNow(_ testCase: UncommittedCase) throws {
        let repo = try StatusRepo.make([:], commitDate: testCase.hasCommits ? "2026-11-01T12:00:00Z" : nil)
        defer { repo.remove() }
        try repo.write(Self.latePath, Self.late)

        let early = try CLI.run(["validate", "--now", "2026-12-02T12:00Z"], in: repo.url)
        #expect(early.status == 0)
        #expect(early.standardOutput == "no problems in 2 files\n")

        let tooLate = try CLI.run(["validate", "--now", "2026-12-05T02:00Z"], in: repo.url)
        #expect(tooLate.status == 1)
        let diagnostics = TextDiagnostic.parse(tooLate.standardOutput)
        try #require(diagnostics.count == 1, "\(tooLate.standardOutput)")
        #expect(diagnostics[0].header.hasPrefix("\(Self.latePath):3:8: error: [short-notice] window with major-outage impact is announced 10h before it starts"))
        #expect(diagnostics[0].header.contains("now (the file is not committed yet)"))
    }

    /// A clone `git clone --depth N file://…` of `repo`, inside a temp folder the caller removes.
    static func shallowClone(of repo: TempGitRepo, depth: Int) throws -> (folder: TemporaryDirectory, clone: URL) {
        let folder = try TemporaryDirectory(prefix: "canton-status-clone")
        do {
            _ = try TempGitRepo.run(git: ["clone", "-q", "--depth", String(depth), "file://\(repo.path)", "clone"], in: folder.url,
                                environment: ["HOME": folder.path])
            let clone = folder.url.appendingPathComponent("clone")
            let shallow = try TempGitRepo.run(git: ["rev-parse", "--is-shallow-repository"], in: clone)
            #expect(shallow.trimmingCharacters(in: .whitespacesAndNewlines) == "true")
            return (folder, clone)
        } catch {
            folder.remove()
            throw error
        }
    }

    /// In a shallow clone (CI's default checkout) a file present in the oldest commit may be older than
    /// it: its notice cannot be verified, which is a note, not an error.
    @Test func shallowCloneGivesNoticeUnverifiedNote() throws {
        let repo = try Self.repo(committing: [Self.plannedPath: Self.planned], at: "2026-12-01T12:00:00Z")
        defer { repo.remove() }
        try repo.write("README.md", "# Status\n")
        try repo.commitAll("Add a README", date: "2026-12-03T12:00:00Z")
        let full = try CLI.run(["validate", "--now", "2026-12-03T13:00Z"], in: repo.url)
        #expect(full.status == 0)
        #expect(full.standardOutput == "no problems in 2 files\n")

        let (folder, clone) = try Self.shallowClone(of: repo, depth: 1)
        defer { folder.remove() }
        let result = try CLI.run(["validate", "--now", "2026-12-03T13:00Z"], in: clone)

        #expect(result.status == 0, "\(result.standardOutput)")
        let diagnostics = TextDiagnostic.parse(result.standardOutput)
        #expect(diagnostics.map(\.header) == [
            "\(Self.plannedPath):3:8: note: [notice-unverified] notice could not be verified: the clone is shallow and the file is older than its history",
        ])
        #expect(diagnostics.first?.body.first?.contains("fetch-depth: 0") == true)
        #expect(result.outputLines.last == "1 note in 2 files")

        let json = try CLI.run(["validate", "--format", "json", "--now", "2026-12-03T13:00Z"], in: clone)
        #expect(json.status == 0)
        let report = try JSONReport(json.standardOutput)
        #expect(report.summary["notes"] == 1)
        #expect(report.summary["errors"] == 0)
        #expect(report.diagnostics.map(\.severity) == ["note"])
    }

    /// Below the cut, history is exact: a file first committed after the shallow boundary still gets
    /// its real first-commit time, and the rule applies normally.
    @Test func shallowCloneStillChecksFilesCommittedAfterTheCut() throws {
        let repo = try Self.repo(committing: [Self.plannedPath: Self.planned], at: "2026-12-01T12:00:00Z")
        defer { repo.remove() }
        try repo.write("README.md", "# Status\n")
        try repo.commitAll("Add a README", date: "2026-12-03T12:00:00Z")
        let lateStart = Fixtures.maintenance(start: "2026-12-04T12:00Z", end: "2026-12-04T14:00Z")
        let lateStartPath = "maintenance/2026-12-04-sequencer-restart.md"
        try repo.write(lateStartPath, lateStart)
        try repo.commitAll("Announce a late window", date: "2026-12-04T02:00:00Z")

        let (folder, clone) = try Self.shallowClone(of: repo, depth: 2)
        defer { folder.remove() }
        let result = try CLI.run(["validate", "--format", "json", "--now", "2026-12-04T03:00Z"], in: clone)

        #expect(result.status == 1)
        let report = try JSONReport(result.standardOutput)
        #expect(report.diagnostics.map { "\($0.path) \($0.severity) \($0.rule)" } == [
            "\(lateStartPath) error short-notice",
            "\(Self.plannedPath) note notice-unverified",
        ])
        #expect(report.diagnostics.first?.message.contains("first committed 2026-12-04T02:00:00Z") == true)
    }
}
