internal import Dispatch
public import Model
public import Content

/// Loads and checks all content of a repository: `components.yml`, `incidents/*.md`, `maintenance/*.md`.
///
/// This is the whole of `canton-status validate`, and the first step of `build`. It never throws for
/// bad content: every problem becomes a diagnostic. It throws only when it cannot run at all
/// (`components.yml` missing, a file unreadable).
public struct ContentValidator: Sendable {
    public var now: Timestamp

    public init(now: Timestamp) {
        self.now = now
    }

    public func validate(
        _ fileSystem: some ContentFileSystem, history: some GitHistory
    ) throws(EnvironmentError) -> ValidationReport {
        var report = ValidationReport()

        // components.yml
        let configurationPath = ConfigurationLoader.path
        var configurationBytes: [UInt8]?
        switch try fileSystem.read(configurationPath) {
        case .bytes(let bytes): configurationBytes = bytes
        case .missing:
            throw EnvironmentError("no components.yml here", path: configurationPath,
                                   hint: "run inside a canton-status repository", remedy: .chooseRepository)
        case .tooLarge(let size):
            report.diagnostics.append(ContentBytes.tooLarge(size: size, path: configurationPath))
        case .outsideRepository(let target):
            throw EnvironmentError("components.yml is a symlink to '\(target)', outside the repository", path: configurationPath)
        }
        report.fileCount += 1
        var configuration: Configuration?
        switch configurationBytes.map({ ContentBytes.decode($0, path: configurationPath) }) {
        case nil:
            break
        case .failure(let diagnostic):
            report.diagnostics.append(diagnostic)
        case .success(let source):
            report.sources[configurationPath] = source
            switch YAMLDocument.parse(source.text, path: configurationPath, lineOffset: 0) {
            case .failure(let diagnostic):
                report.diagnostics.append(diagnostic)
            case .success(let root):
                var loader = ConfigurationLoader()
                configuration = loader.load(root)
                report.diagnostics += loader.reader.diagnostics
            }
        }

        // Incidents and maintenance, parsed and checked in parallel: each file is independent. The
        // rules that need more than one file (components.yml's own ids, notice against git history) run after.
        let incidentFiles = try contentFiles(in: "incidents", fileSystem: fileSystem, report: &report)
        let maintenanceFiles = try contentFiles(in: "maintenance", fileSystem: fileSystem, report: &report)
        let now = self.now
        let rules = SingleFileRules(now: now, references: configuration.map { ReferenceRules(configuration: $0) })
        let incidentResults = try ParallelMap.map(incidentFiles) { path throws(EnvironmentError) in
            var result = try Self.loadDocument(path, fileSystem: fileSystem, now: now) { loader, source in loader.loadIncident(source) }
            if let incident = result.document { result.diagnostics += rules.diagnostics(for: incident) }
            return result
        }
        let maintenanceResults = try ParallelMap.map(maintenanceFiles) { path throws(EnvironmentError) in
            var result = try Self.loadDocument(path, fileSystem: fileSystem, now: now) { loader, source in loader.loadMaintenance(source) }
            if let window = result.document { result.diagnostics += rules.diagnostics(for: window) }
            return result
        }
        report.fileCount += incidentFiles.count + maintenanceFiles.count

        let incidents = report.absorbAll(incidentResults)
        let maintenanceWindows = report.absorbAll(maintenanceResults)

        var timeRules = TimeRules(now: now)
        if let configuration {
            var references = ReferenceRules(configuration: configuration)
            references.checkConfiguration()
            report.diagnostics += references.diagnostics

            let needsHistory = maintenanceWindows.contains { $0.impact.value != .operational && $0.shortNotice == nil }
            if needsHistory {
                let firstCommits = try history.firstCommits(under: "maintenance")
                for window in maintenanceWindows {
                    timeRules.checkNotice(window, notice: configuration.page.maintenanceNotice, history: firstCommits)
                }
            }
            report.content = StatusContent(configuration: configuration, incidents: incidents, maintenance: maintenanceWindows)
        }
        report.diagnostics += timeRules.diagnostics
        report.finish()
        return report
    }

    /// The content files in `directory`. Subfolders and other non-files are reported; dot files and
    /// `README.md` are skipped so a folder can explain itself.
    private func contentFiles(
        in directory: String, fileSystem: some ContentFileSystem, report: inout ValidationReport
    ) throws(EnvironmentError) -> [String] {
        var paths: [String] = []
        for entry in try fileSystem.entries(in: directory) where !entry.name.hasPrefix(".") && entry.name != "README.md" {
            let path = "\(directory)/\(entry.name)"
            switch entry.kind {
            case .file:
                paths.append(path)
            case .directory, .other:
                report.diagnostics.append(.error(.fileName, "'\(path)' is not a content file", at: SourceLocation(path: path, line: 1, column: 1),
                                                 hint: "\(directory)/ holds only YYYY-MM-DD-slug.md files; move or remove it"))
            }
        }
        return paths
    }

    /// The rules that look at one incident or window alone (times in the future, ids it names), run
    /// on the worker that parsed the file.
    private struct SingleFileRules: Sendable {
        let now: Timestamp
        /// `nil` when `components.yml` was unusable: there is nothing to check ids against.
        let references: ReferenceRules?

        func diagnostics(for incident: Incident) -> [Diagnostic] {
            diagnostics { time, references in
                time.check(incident)
                references?.check(incident)
            }
        }

        func diagnostics(for window: Maintenance) -> [Diagnostic] {
            diagnostics { time, references in
                time.check(window)
                references?.check(window)
            }
        }

        private func diagnostics(_ check: (inout TimeRules, inout ReferenceRules?) -> Void) -> [Diagnostic] {
            var time = TimeRules(now: now)
            var references = references
            check(&time, &references)
            return time.diagnostics + (references?.diagnostics ?? [])
        }
    }

    struct DocumentResult<Document: Sendable>: Sendable {
        var document: Document?
        var source: SourceText?
        var diagnostics: [Diagnostic]
    }

    private static func loadDocument<Document: Sendable>(
        _ path: String, fileSystem: some ContentFileSystem, now: Timestamp,
        load: (inout DocumentLoader, SourceText) -> Document?
    ) throws(EnvironmentError) -> DocumentResult<Document> {
        let bytes: [UInt8]
        switch try fileSystem.read(path) {
        case .bytes(let contents):
            bytes = contents
        case .missing:
            throw EnvironmentError("file disappeared while validating", path: path)
        case .tooLarge(let size):
            return DocumentResult(document: nil, source: nil, diagnostics: [ContentBytes.tooLarge(size: size, path: path)])
        case .outsideRepository(let target):
            let diagnostic = Diagnostic.error(
                .symlinkOutsideRepo, "'\(path)' is a symlink to '\(target)', outside the repository",
                at: SourceLocation(path: path, line: 1, column: 1),
                hint: "content must live in the repository; replace the link with the file itself")
            return DocumentResult(document: nil, source: nil, diagnostics: [diagnostic])
        }
        let parsed = ContentParser.parse(bytes, path: path, load: load)
        // The source is kept even without diagnostics: cross-file rules may report on it later; `finish()`
        // drops the texts nothing refers to.
        return DocumentResult(document: parsed.document, source: parsed.source, diagnostics: parsed.diagnostics)
    }
}

/// The outcome of validation: the content (when `components.yml` was usable) and every diagnostic.
public struct ValidationReport: Sendable {
    public internal(set) var content: StatusContent?
    /// Sorted by file and position.
    public package(set) var diagnostics: [Diagnostic] = []
    /// Texts of the files that have diagnostics, for printing source lines.
    public internal(set) var sources: [String: SourceText] = [:]
    /// How many content files were read.
    public internal(set) var fileCount = 0

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func count(_ severity: Diagnostic.Severity) -> Int { diagnostics.count { $0.severity == severity } }

    /// Drops diagnostics below `severity` (for `--quiet`); counts follow.
    public mutating func keepOnly(atLeast severity: Diagnostic.Severity) {
        diagnostics.removeAll { $0.severity < severity }
    }

    mutating func absorb<Document>(_ result: ContentValidator.DocumentResult<Document>) {
        diagnostics += result.diagnostics
        if let source = result.source { sources[source.path] = source }
    }

    /// Absorbs every result and returns their documents, in order.
    mutating func absorbAll<Document>(_ results: [ContentValidator.DocumentResult<Document>]) -> [Document] {
        var documents: [Document] = []
        documents.reserveCapacity(results.count)
        for result in results {
            absorb(result)
            if let document = result.document { documents.append(document) }
        }
        return documents
    }

    /// Sorts, and drops exact repeats (a YAML alias used several times reports its anchor's problem once).
    package mutating func finish() {
        var seen = Set<Diagnostic>()
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        diagnostics.sort()
        let withDiagnostics = Set(diagnostics.compactMap(\.location?.path))
        sources = sources.filter { withDiagnostics.contains($0.key) }
    }
}

extension ValidationReport {
    /// A report of diagnostics found outside `validate` (by `notify` in a revision's files), for printing.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
        finish()
    }

    /// Keeps only the diagnostics about one file (for `new`, which reports on the file it wrote).
    public mutating func keepOnly(path: String) {
        diagnostics.removeAll { $0.location?.path != path }
        fileCount = 1
    }
}
