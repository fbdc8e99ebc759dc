public import Model
public import Content
public import Validation
internal import Status
public import Probing

/// `canton-status probe` as library calls: plan (validate the content, pick the networks, resolve
/// every `${VAR}`), then run the plan over a transport, record history and open or resolve
/// automated incidents, returning what happened for the caller to print.
///
/// Planning comes first and needs no transport, so a run that cannot start (invalid content, an
/// unknown network, a missing secret) fails before any client or connection exists. The transport
/// and the clock (`now`) are parameters, and so is the repository (read and written through
/// `RepositoryFiles`: `history/` and `incidents/`), so the whole job runs in tests against an
/// in-memory network.
public struct ProbeJob: Sendable {
    public var now: Timestamp
    /// This prober's name: one history folder per vantage.
    public var vantage: String
    public var openIncidents: Bool

    public init(now: Timestamp, vantage: String, openIncidents: Bool) {
        self.now = now
        self.vantage = vantage
        self.openIncidents = openIncidents
    }

    /// What runs: the validated content and, per network, its checks with variables resolved.
    public struct Plan: Sendable {
        public var content: StatusContent
        public var networks: [(environment: Network, checks: [(component: Component, check: Check)])]
        public var variables: [String: String]
    }

    /// Why nothing was probed.
    public enum Refusal: Error, Sendable {
        /// The content has errors: the report holds them.
        case invalidContent(ValidationReport)
        /// `--env` named a network that components.yml does not have.
        case unknownNetwork(String, known: [String])
        /// A variable a check needs is not set, or the repository is unreadable.
        case environment(EnvironmentError)
    }

    /// What a run did.
    public struct Report: Sendable {
        /// One run per network, in the order of components.yml.
        public var runs: [ProbeRun]
        /// The incident files written: `opened incidents/…`, `resolved incidents/…`.
        public var written: [String]

        /// Whether any component is in a partial or major outage (the command's exit status 1).
        public var measuredAnOutage: Bool {
            runs.contains { $0.components.contains { ($0.state ?? .operational) >= .partialOutage } }
        }
    }

    public func plan(
        _ fileSystem: some ContentFileSystem, history: some GitHistory, networks: [String], variables: [String: String]
    ) throws(Refusal) -> Plan {
        let report: ValidationReport
        do {
            report = try ContentValidator(now: now).validate(fileSystem, history: history)
        } catch {
            throw .environment(error)
        }
        guard let content = report.content, !report.hasErrors else { throw .invalidContent(report) }
        let configuration = content.configuration
        var selected: [Network] = []
        for id in networks {
            guard let environment = configuration.environment(id) else {
                throw .unknownNetwork(id, known: configuration.environments.map(\.id.value))
            }
            selected.append(environment)
        }
        if networks.isEmpty { selected = configuration.environments }
        var planned: [(environment: Network, checks: [(component: Component, check: Check)])] = []
        for environment in selected {
            do {
                planned.append((environment, try configuration.checks(on: environment.id.value, variables: variables)))
            } catch {
                throw .environment(error)
            }
        }
        return Plan(content: content, networks: planned, variables: variables)
    }

    /// Probes every planned network over `transport`, then records and acts on the results in
    /// `repository`.
    public func run<Transport: ProbeTransport, Files: RepositoryFiles>(
        _ plan: Plan, over transport: Transport, repository: Files, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(EnvironmentError) -> Report {
        let configuration = plan.content.configuration
        let store = HistoryStore(files: repository)
        var prober = Prober(transport: transport, configuration: configuration, variables: plan.variables, now: now)
        prober.progress = progress
        let configured = prober
        let vantage = self.vantage
        let networks = plan.networks.map { ($0.environment, $0.checks, store.lastAgreedNetwork(environment: $0.environment.id.value)) }
        let runs = await withTaskGroup(of: ProbeRun.self) { group in
            for (environment, checks, lastAgreed) in networks {
                group.addTask { await configured.run(environment, checks: checks, vantage: vantage, lastAgreed: lastAgreed) }
            }
            var runs: [ProbeRun] = []
            for await run in group { runs.append(run) }
            let order = configuration.environments.map(\.id.value)
            return runs.sorted { (order.firstIndex(of: $0.environment) ?? 0) < (order.firstIndex(of: $1.environment) ?? 0) }
        }

        var recorded: [(run: ProbeRun, latest: LatestRun)] = []
        let assessment = RunAssessment(configuration: configuration)
        for measured in runs {
            let before = store.previous(environment: measured.environment, vantage: vantage)
            // Each vantage is judged against its own history: latency depends on where it probes from.
            let baselines = Baselines(daily: store.daily(environment: measured.environment, vantage: vantage),
                                      sampleFiles: before.sampleFiles, now: measured.at)
            let run = assessment.assess(measured, previous: before.latest, baselines: baselines)
            let (latest, changes) = HistoryRecorder.record(run, previous: before.latest, sampleFiles: before.sampleFiles)
            try store.apply(changes)
            recorded.append((run, latest))
        }
        let written = openIncidents ? try act(on: recorded, content: plan.content, store: store) : []
        return Report(runs: recorded.map(\.run), written: written)
    }

    /// Opens and resolves automated incidents, following the quorum of every vantage's results,
    /// this run's included (which is why history is written first).
    private func act<Files: RepositoryFiles>(
        on recorded: [(run: ProbeRun, latest: LatestRun)], content: StatusContent, store: HistoryStore<Files>
    ) throws(EnvironmentError) -> [String] {
        let fileSystem = store.files
        let measured = MeasuredStatus.load(from: fileSystem, configuration: content.configuration, now: now)
        let automation = AutomatedIncidents(configuration: content.configuration, vantage: vantage)
        var written: [String] = []
        for (run, recordedLatest) in recorded {
            var latest = recordedLatest
            let network = measured.environment(run.environment)
            let actions = automation.actions(
                for: run, latest: &latest, incidents: content.incidents,
                // An outage needs the quorum to see an outage; a lasting slowdown (this vantage
                // failing its runs at `degraded-performance`) needs it to see at least that.
                quorumAgrees: { component in
                    let mine = recordedLatest.component(component)?.state ?? .operational
                    let needed: ComponentState = mine >= .partialOutage ? .partialOutage : .degradedPerformance
                    return (network?.components[component]?.state ?? .operational) >= needed
                }
            ) { path in
                guard case .bytes(let bytes)? = try? fileSystem.read(path) else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            for action in actions {
                try fileSystem.write(Array(action.text.utf8), to: action.path)
                written.append("\(action.kind == .opened ? "opened" : "resolved") \(action.path)")
            }
            if latest != recordedLatest {
                var changes = HistoryRecorder.Changes()
                changes.store(latest)
                try store.apply(changes)
            }
        }
        return written
    }
}
