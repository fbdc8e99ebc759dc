import Model
import Content
import Site
import CantonStatusLive
import CantonStatusTestSupport
import Dispatch
import Foundation
import Synchronization
import Testing
internal import Validation

/// Files written into the staging folder while the site still renders, swapped in only at the end.
@Suite struct SiteStagingTests {
    @Test func filesAddedFromManyThreadsAreAllSwappedIn() throws {
        let output = try TemporaryDirectory(prefix: "canton-status-staging")
        defer { output.remove() }
        let site = output.url.appendingPathComponent("_site")
        let staging = SiteWriter().stage(site)
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            staging.add(OutputFile(path: "folder\(index % 7)/page-\(index).html", text: "page \(index)"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.path), "nothing appears before the commit")
        try staging.commit()
        for index in [0, 1, 199, 399] {
            let text = try String(contentsOf: site.appendingPathComponent("folder\(index % 7)/page-\(index).html"), encoding: .utf8)
            #expect(text == "page \(index)")
        }
        let count = FileManager.default.enumerator(atPath: site.path)?.allObjects.count ?? 0
        #expect(count == 400 + 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["_site"])
    }

    /// The previous site is removed after the swap, all of it, and a symlink inside it is removed
    /// as a link: what it points to stays.
    @Test func thePreviousSiteIsRemovedWithoutFollowingLinks() throws {
        let output = try TemporaryDirectory(prefix: "canton-status-staging")
        defer { output.remove() }
        let site = output.url.appendingPathComponent("_site")
        let outside = output.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "keep".write(to: outside.appendingPathComponent("kept.txt"), atomically: true, encoding: .utf8)
        try SiteWriter().write((0..<700).map { OutputFile(path: "deep/er/page-\($0).html", text: "old \($0)") }
            + [OutputFile(path: "index.html", text: "old")], to: site)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("empty/inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("deep/link"), withDestinationURL: outside)

        try SiteWriter().write([OutputFile(path: "index.html", text: "new")], to: site)
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["index.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["_site", "outside"], "no previous folder left")
        #expect(try String(contentsOf: outside.appendingPathComponent("kept.txt"), encoding: .utf8) == "keep")
    }

    @Test func aDiscardedStagingLeavesThePreviousSiteAndNoFolder() throws {
        try Self.withOldSite { staging in
            staging.add(OutputFile(path: "index.html", text: "new"))
            staging.discard()
            staging.add(OutputFile(path: "late.html", text: "after discard"))
        }
    }

    @Test func anUnsafePathFailsTheCommitAndKeepsTheOldSite() throws {
        try Self.withOldSite { staging in
            staging.add(OutputFile(path: "index.html", text: "new"))
            staging.add(OutputFile(path: "../escape.html", text: "x"))
            #expect(throws: EnvironmentError.self) { try staging.commit() }
        }
    }

    /// Runs `change` on a staging for a site whose `index.html` says "old", then checks that the
    /// site still says so and that no staging folder is left beside it.
    private static func withOldSite(_ change: (SiteWriter.Staging) -> Void) throws {
        let output = try TemporaryDirectory(prefix: "canton-status-staging")
        defer { output.remove() }
        let site = output.url.appendingPathComponent("_site")
        try SiteWriter().write([OutputFile(path: "index.html", text: "old")], to: site)
        change(SiteWriter().stage(site))
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["_site"])
    }

    /// The build hands each file over as it is rendered; what it hands over is exactly what it returns.
    @Test func theBuildEmitsEveryFileOnce() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let emitted = Emitted()
        let result = try SiteBuilder(now: siteNow).build(LocalFileSystem(root: repository.url), history: NoGitHistory()) { emitted.append($0) }
        #expect(!result.files.isEmpty)
        #expect(emitted.files.sorted { $0.path < $1.path } == result.files)
    }

    @Test func invalidContentEmitsNothing() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("incidents/2026-11-01-broken.md", "---\ntitle: [unclosed\n---\n")
        let emitted = Emitted()
        let result = try SiteBuilder(now: siteNow).build(LocalFileSystem(root: repository.url), history: NoGitHistory()) { emitted.append($0) }
        #expect(result.report.hasErrors)
        #expect(emitted.files.isEmpty)
    }

    private final class Emitted: Sendable {
        private let storage = Mutex<[OutputFile]>([])
        func append(_ files: [OutputFile]) { storage.withLock { $0 += files } }
        var files: [OutputFile] { storage.withLock { $0 } }
    }
}
