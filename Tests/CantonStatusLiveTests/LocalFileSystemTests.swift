import Content
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing

@Suite struct LocalFileSystemTests {
    @Test func listsFilesAndFoldersSorted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("incidents/b.md", "b")
        try directory.write("incidents/a.md", "a")
        try directory.write("incidents/archive/c.md", "c")
        let fileSystem = LocalFileSystem(root: directory.url)
        let entries = try fileSystem.entries(in: "incidents")
        #expect(entries == [DirectoryEntry(name: "a.md", kind: .file), DirectoryEntry(name: "archive", kind: .directory),
                            DirectoryEntry(name: "b.md", kind: .file)])
        #expect(try fileSystem.entries(in: "maintenance").isEmpty)
    }

    @Test func readsBytesAndReportsMissingFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("components.yml", "page: {}\n")
        let fileSystem = LocalFileSystem(root: directory.url)
        guard case .bytes(let bytes) = try fileSystem.read("components.yml") else {
            Issue.record("expected bytes")
            return
        }
        #expect(bytes == Array("page: {}\n".utf8))
        guard case .missing = try fileSystem.read("nope.yml") else {
            Issue.record("expected missing")
            return
        }
    }

    @Test func refusesSymlinksOutOfTheRepository() throws {
        let outside = try TemporaryDirectory(prefix: "outside")
        let directory = try TemporaryDirectory()
        defer { directory.remove(); outside.remove() }
        try outside.write("secret.txt", "root:x:0:0")
        try directory.write("incidents/.keep", "")
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("incidents/2026-11-20-link.md").path,
            withDestinationPath: outside.url.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("incidents/2026-11-21-relative.md").path,
            withDestinationPath: "../../\(outside.url.lastPathComponent)/secret.txt")
        let fileSystem = LocalFileSystem(root: directory.url)
        for name in ["2026-11-20-link.md", "2026-11-21-relative.md"] {
            guard case .outsideRepository = try fileSystem.read("incidents/\(name)") else {
                Issue.record("\(name): a link out of the repository was followed")
                continue
            }
        }
    }

    @Test func followsSymlinksInsideTheRepository() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("shared/2026-11-20-x.md", "inside")
        try directory.write("incidents/.keep", "")
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("incidents/2026-11-20-x.md").path, withDestinationPath: "../shared/2026-11-20-x.md")
        guard case .bytes(let bytes) = try LocalFileSystem(root: directory.url).read("incidents/2026-11-20-x.md") else {
            Issue.record("a link inside the repository was refused")
            return
        }
        #expect(bytes == Array("inside".utf8))
    }

    @Test func reportsOversizedFilesWithoutReadingThemWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("incidents/2026-11-20-big.md", bytes: [UInt8](repeating: 0x61, count: 10 << 20))
        guard case .tooLarge(let size) = try LocalFileSystem(root: directory.url).read("incidents/2026-11-20-big.md") else {
            Issue.record("expected tooLarge")
            return
        }
        #expect(size == 10 << 20)
    }
}
