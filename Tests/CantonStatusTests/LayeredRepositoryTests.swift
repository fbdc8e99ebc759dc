import Model
import Content
import CantonStatusTestSupport
import Testing

/// `history/` read from several places, a vantage's folder always whole from one of them.
@Suite struct LayeredRepositoryTests {
    static func text(_ contents: FileContents) -> String? {
        guard case .bytes(let bytes) = contents else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func repository(writer: InMemoryRepository? = nil) -> (LayeredRepository, workingTree: InMemoryRepository) {
        let workingTree = InMemoryRepository([
            "components.yml": "page: {}",
            "history/mainnet/a/latest.json": "working tree a",
        ])
        let branches = InMemoryFileSystem([
            "history/mainnet/a/latest.json": "branch a",
            "history/mainnet/a/transitions.jsonl": "branch a transitions",
            "history/mainnet/b/latest.json": "branch b",
            "history/testnet/b/latest.json": "branch b testnet",
        ])
        return (LayeredRepository(workingTree: workingTree, historyWriter: writer, historyLayers: [branches]), workingTree)
    }

    @Test func aVantageFolderComesWholeFromTheFirstLayerThatHasIt() throws {
        let (repository, _) = Self.repository()
        #expect(try repository.entries(in: "history").map(\.name) == ["mainnet", "testnet"])
        #expect(try repository.entries(in: "history/mainnet").map(\.name) == ["a", "b"])
        #expect(Self.text(try repository.read("history/mainnet/a/latest.json")) == "working tree a")
        #expect(Self.text(try repository.read("history/mainnet/b/latest.json")) == "branch b")
        // Vantage a's folder is the working tree's: the branch's other file is not mixed in.
        guard case .missing = try repository.read("history/mainnet/a/transitions.jsonl") else {
            Issue.record("a file of another layer's copy of the folder was read")
            return
        }
        #expect(try repository.entries(in: "history/mainnet/a").map(\.name) == ["latest.json"])
        #expect(Self.text(try repository.read("components.yml")) == "page: {}")
    }

    @Test func theRunsHistoryGoesToTheWriterAndEverythingElseToTheWorkingTree() throws {
        let writer = InMemoryRepository()
        let (repository, workingTree) = Self.repository(writer: writer)
        try repository.write(Array("new a".utf8), to: "history/mainnet/a/latest.json")
        try repository.write(Array("incident".utf8), to: "incidents/2026-11-20-auto.md")
        #expect(writer.files == ["history/mainnet/a/latest.json": "new a"])
        #expect(workingTree.files["incidents/2026-11-20-auto.md"] == "incident")
        #expect(workingTree.files["history/mainnet/a/latest.json"] == "working tree a", "the working tree's history is left alone")
        // Read back from the writer, which comes first.
        #expect(Self.text(try repository.read("history/mainnet/a/latest.json")) == "new a")
        try repository.remove("history/mainnet/a/latest.json")
        #expect(writer.files.isEmpty)
        #expect(Self.text(try repository.read("history/mainnet/a/latest.json")) == "working tree a")
    }
}
