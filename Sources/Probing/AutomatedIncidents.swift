internal import Foundation
public import Model
internal import Content
internal import Validation
public import Status

/// Opens and resolves incidents from what the probes measure, so a failure at 3 a.m. is on the page
/// (and, through `notify`, in Slack) without anyone writing a file.
///
/// - After N consecutive runs with a component in a partial or major outage, or slowed down out of
///   its baseline (`RunAssessment`; then at `degraded-performance`) (the check's
///   `open_incident_after`, default 3) it writes `incidents/<day>-auto-<network>-<component>.md`
///   with `automated: true`, status `investigating`, the measured state as impact and the measured
///   reason as text, backdated (`started`) to the first failing run.
/// - After M consecutive good runs (`resolve_after`, default 2) it appends a `resolved` update.
/// - It never opens a second incident for the same ongoing failure: not while its own is open, not
///   when another vantage's automated incident for the component is unresolved, and not when
///   operators already posted an unresolved incident about the component on that network.
/// - It never edits a human-written incident: a file whose `automated: true` was removed, or that
///   a person resolved, is left alone.
public struct AutomatedIncidents: Sendable {
    public var configuration: Configuration
    public var vantage: String

    public static let defaultFailuresBeforeIncident = 3
    public static let defaultSuccessesBeforeResolve = 2

    public init(configuration: Configuration, vantage: String) {
        self.configuration = configuration
        self.vantage = vantage
    }

    /// A file to write: a new incident, or an existing one with a `resolved` update appended.
    public struct Action: Sendable, Equatable {
        public enum Kind: Sendable { case opened, resolved }
        public var kind: Kind
        public var path: String
        public var text: String
    }

    /// What to write after `run`; updates the counters in `latest` (`openIncident`). `incidents` is
    /// the repository's content; `file` reads a content file's current text; `quorumAgrees` says
    /// whether enough vantages (the page's quorum rule) see the component failing: one prober's own
    /// network trouble (a CI runner the SVs do not allowlist) must not open a public incident.
    public func actions(
        for run: ProbeRun, latest: inout LatestRun, incidents: [Incident], quorumAgrees: (String) -> Bool,
        file: (String) -> String?
    ) -> [Action] {
        var actions: [Action] = []
        var takenPaths = Set(incidents.map(\.path))
        for index in latest.components.indices {
            var state = latest.components[index]
            // A run that could not judge the component (no quorum of Scans) opens and resolves nothing.
            guard let measured = state.state, let component = configuration.component(state.component) else { continue }
            let onNetwork = incidents.filter { incident in
                !incident.isResolved && incident.environments.contains { $0.value == run.environment }
                    && incident.impact.contains { $0.component.value == state.component }
            }
            if state.failingRuns > 0 {
                let threshold = component.checks.compactMap(\.failuresBeforeIncident).min() ?? Self.defaultFailuresBeforeIncident
                if state.failingRuns >= threshold, state.openIncident == nil, quorumAgrees(state.component) {
                    if let existing = onNetwork.first {
                        // Somebody (a person, or another vantage) already reports it: follow theirs.
                        state.openIncident = existing.automated ? existing.id : nil
                        if !existing.automated { state.failingRuns = 0 }
                    } else {
                        let budgets = run.network.map { network in
                            FaultBudget.budgets(network: network, targets: latest.components.flatMap(\.targets))
                                .filter { budget in component.checks.contains { $0.kind.rawValue == budget.layer.rawValue } }
                        } ?? []
                        let (path, text) = newIncident(state, measured: measured, component: component, environment: run.environment,
                                                       at: run.at, budgets: budgets, taken: takenPaths)
                        takenPaths.insert(path)
                        actions.append(Action(kind: .opened, path: path, text: text))
                        state.openIncident = String(path.dropFirst("incidents/".count).dropLast(3))
                    }
                }
            } else if let open = state.openIncident {
                let threshold = component.checks.compactMap(\.successesBeforeResolve).min() ?? Self.defaultSuccessesBeforeResolve
                if state.passingRuns >= threshold {
                    let path = "incidents/\(open).md"
                    if let incident = incidents.first(where: { $0.id == open }), incident.automated, !incident.isResolved,
                       let text = file(path), let resolved = resolvedText(text, path: path, at: run.at, runs: state.passingRuns) {
                        actions.append(Action(kind: .resolved, path: path, text: resolved))
                    }
                    state.openIncident = nil
                }
            }
            latest.components[index] = state
        }
        return actions
    }

    /// The incident file. Its first update ends with the fault budget of the component's layer at
    /// the moment it opened ("Fault budget: sequencers: 8 of 13 serving; ordering needs 9: …"), a
    /// line of its own in Slack, e-mail and webhook messages, so subscribers see how close the
    /// network is to halting, not only that something failed.
    private func newIncident(
        _ state: LatestComponent, measured: ComponentState, component: Component, environment: String, at time: Timestamp,
        budgets: [FaultBudget], taken: Set<String>
    ) -> (path: String, text: String) {
        let started = state.failingSince ?? time
        let stem = "incidents/\(started.utcDay)-auto-\(environment)-\(state.component)"
        var path = "\(stem).md"
        var counter = 2
        while taken.contains(path) {
            path = "\(stem)-\(counter).md"
            counter += 1
        }
        let network = configuration.environment(environment)?.name ?? environment
        let words = measured.rawValue.replacingOccurrences(of: "-", with: " ")
        let reason = state.reason ?? "the probes see a \(words)"
        let budget = budgets.isEmpty ? "" : "\n\nFault budget: " + budgets.map(\.sentence).joined(separator: "; ") + "."
        let text = """
            ---
            title: \(Self.quoted("\(component.name): \(words) on \(network) (detected by probes)"))
            environments: [\(environment)]
            impact: {\(state.component): \(measured.rawValue)}
            started: \(started)
            automated: true
            reported_by: \(Self.quoted("canton-status probe (vantage \(vantage))"))
            updates:
              - at: \(time)
                status: investigating
                text: \(Self.quoted("Probes from \(vantage) measure a \(words): \(reason). Opened after \(state.failingRuns) consecutive failed runs; operators will add details here.\(budget)"))
            ---

            """
        return (path, text)
    }

    /// The incident with a `resolved` update appended at the end of its front matter, or `nil` when
    /// the file no longer has the shape this tool wrote (then a person owns it now).
    func resolvedText(_ text: String, path: String, at time: Timestamp, runs: Int) -> String? {
        guard text.hasPrefix("---\n"), let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else {
            return nil
        }
        let update = """

              - at: \(time)
                status: resolved
                text: \(Self.quoted("Probes from \(vantage) measured normal operation again for \(runs) consecutive runs."))
            """
        let candidate = String(text[..<close.lowerBound]) + update + String(text[close.lowerBound...])
        guard let before = ContentParser.incident(Array(text.utf8), path: path).document,
              let after = ContentParser.incident(Array(candidate.utf8), path: path).document,
              after.updates.count == before.updates.count + 1, after.isResolved, after.automated else { return nil }
        return candidate
    }

    /// A YAML double-quoted scalar: content from remote servers cannot break out of it.
    static func quoted(_ text: String) -> String { YAMLQuoting.quoted(text) }
}
