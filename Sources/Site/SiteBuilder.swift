public import Model
public import Content
public import Validation
public import Status

/// `canton-status build` as one library call: validate, then render every file of the site.
///
/// Returns the files in memory; the caller writes them with `SiteWriter`, or passes `emit` to be
/// handed the files of each piece of work (a page, the feeds) as soon as they are rendered, so
/// writing overlaps rendering. Nothing is rendered when
/// validation finds an error, so a broken pull request can never publish a broken page. What the
/// probes recorded under `history/` is read here, once, into the snapshot every renderer reads;
/// history that is missing or unreadable only means "not measured".
public struct SiteBuilder: Sendable {
    public var now: Timestamp

    public init(now: Timestamp) {
        self.now = now
    }

    public struct Result: Sendable {
        public var report: ValidationReport
        /// Empty when `report.hasErrors`.
        public var files: [OutputFile]
        /// How long each step took, in order (`validate`, `snapshot`, `render`), for `--timings`.
        public var steps: [(name: String, duration: Duration)] = []
    }

    public func build(
        _ fileSystem: some ContentFileSystem, history: some GitHistory, emit: (@Sendable ([OutputFile]) -> Void)? = nil
    ) throws(EnvironmentError) -> Result {
        let clock = ContinuousClock()
        var mark = clock.now
        var steps: [(name: String, duration: Duration)] = []
        func step(_ name: String) {
            let reached = clock.now
            steps.append((name, reached - mark))
            mark = reached
        }
        var report = try ContentValidator(now: now).validate(fileSystem, history: history)
        let (templates, templateDiagnostics) = try SiteTemplates.load(from: fileSystem)
        if !templateDiagnostics.isEmpty {
            report.diagnostics += templateDiagnostics
            report.finish()
        }
        guard !report.hasErrors, let content = report.content, let templates else {
            return Result(report: report, files: [])
        }
        step("validate")
        let measured = MeasuredStatus.load(from: fileSystem, configuration: content.configuration, now: now)
        let snapshot = StatusSnapshot(content: content, measured: measured, now: now)
        let upgradeWarnings = AnnouncedUpgradeNotice.diagnostics(snapshot, notice: content.configuration.page.maintenanceNotice)
        if !upgradeWarnings.isEmpty {
            report.diagnostics += upgradeWarnings
            report.finish()
        }
        step("snapshot")
        let files = Self.render(snapshot, templates: templates, emit: emit)
        step("render")
        return Result(report: report, files: files, steps: steps)
    }

    /// Every file of the site, sorted by path so output is identical for identical input. Pages, feeds
    /// and the API are independent jobs spread over all cores; the slow ones (feeds) go first. `emit`
    /// sees every file once, a job's files at a time, from whichever thread rendered them.
    public static func render(
        _ snapshot: StatusSnapshot, templates: SiteTemplates, emit: (@Sendable ([OutputFile]) -> Void)? = nil
    ) -> [OutputFile] {
        let html = HTMLRenderer(snapshot: snapshot, templates: templates)
        let jobs: [HTMLRenderer.Job] = [{ FeedRenderer.render(snapshot) }, { MachineReadableRenderer.render(snapshot) }] + html.jobs()
        var files = ParallelMap.map(jobs) { job in
            let files = job()
            emit?(files)
            return files
        }.flatMap { $0 }
        files.sort { $0.path < $1.path }
        // Sorted first, so the sitemap's own sort of these paths is a single pass.
        let sitemap = html.sitemap(files.map(\.path))
        emit?([sitemap])
        files.insert(sitemap, at: files.firstIndex { $0.path > sitemap.path } ?? files.endIndex)
        return files
    }
}
