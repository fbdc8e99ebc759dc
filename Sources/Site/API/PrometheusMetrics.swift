internal import Model
internal import Status

/// The site's `metrics` file: current states, declared and measured uptime in the Prometheus text
/// exposition format (version 0.0.4), for a scraper pointed at the static site or a textfile collector.
///
/// Families, each with `# HELP` and `# TYPE`, all gauges:
/// - `canton_status_component_state{environment,component,state}`: 1 for the state a component is
///   shown in, 0 for the others (one-hot, so `== 1` selects and alerts read naturally). The shown
///   state is the snapshot's: an open incident or running window, else the probes when fresh;
/// - `canton_status_component_severity{environment,component}` and
///   `canton_status_environment_severity{environment}`: the state as a number, 0 operational,
///   1 under maintenance, 2 degraded performance, 3 partial outage, 4 major outage;
/// - `canton_status_active_incidents{environment}`, `canton_status_active_maintenance{environment}`;
/// - `canton_status_declared_uptime_ratio{environment,component,window}` for 24h, 7d, 30d, 90d, 1y:
///   availability declared by incidents (not measured by probes), Statuspage's weights;
/// - `canton_status_sla_target_ratio{environment,component}` where a component has a target;
/// - what the probes measured (`PrometheusMetrics+Measured.swift`): the shown state's source,
///   measured state and uptime, when each network was last probed, and per target its state,
///   latency and version (target names and versions come from remote servers: escaped like names);
/// - `canton_status_component_info{environment,component,group,name}` and
///   `canton_status_environment_info{environment,name}` (always 1), to join readable names on;
/// - `canton_status_build_timestamp_seconds`: the snapshot's `now`, not the machine's clock, so the
///   same inputs give the same file.
///
/// Label values are escaped as the format requires (`\\`, `\"`, `\n`); the format has no escape for
/// other control characters, so they become spaces, and bidirectional controls (U+202E …) become a
/// visible `<U+202E>` so they cannot reorder a dashboard's legend.
struct PrometheusMetrics {
    let snapshot: StatusSnapshot

    /// Severity order of `ComponentState`, as exported in the `*_severity` gauges.
    static func severity(_ state: ComponentState) -> Int {
        switch state {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    var file: OutputFile { OutputFile(path: SitePaths.metrics, text: text) }

    var text: String {
        var families: [Family] = []
        let environments = snapshot.environments
        let components = environments.flatMap(\.components)

        families.append(Family(
            "canton_status_environment_info",
            help: "A network of the status page; always 1. The name label is its display name.",
            samples: environments.map {
                Sample(["environment": $0.environment.id.value, "name": $0.environment.name], 1)
            }))
        families.append(Family(
            "canton_status_component_info",
            help: "A component shown on a network; always 1. Labels give its group and display name.",
            samples: components.map {
                Sample(["environment": $0.environmentID, "component": $0.component.id.value,
                        "group": $0.component.group.value, "name": $0.component.name], 1)
            }))
        families.append(Family(
            "canton_status_component_state",
            help: "State of a component on a network as the page shows it (an open incident or running maintenance, "
                + "else the probes when fresh, else operational): 1 for its current state, 0 for the others.",
            samples: components.flatMap { status in
                ComponentState.allCases.map { state in
                    Sample(["environment": status.environmentID, "component": status.component.id.value,
                            "state": state.rawValue], status.state == state ? 1 : 0)
                }
            }))
        families.append(Family(
            "canton_status_component_severity",
            help: "Shown state of a component as a number: 0 operational, 1 under-maintenance, "
                + "2 degraded-performance, 3 partial-outage, 4 major-outage.",
            samples: components.map {
                Sample(["environment": $0.environmentID, "component": $0.component.id.value],
                       Double(Self.severity($0.state)))
            }))
        families.append(Family(
            "canton_status_environment_severity",
            help: "Worst shown state of a network's components, as in canton_status_component_severity.",
            samples: environments.map {
                Sample(["environment": $0.environment.id.value], Double(Self.severity($0.state)))
            }))
        families.append(Family(
            "canton_status_active_incidents",
            help: "Unresolved incidents on a network.",
            samples: environments.map {
                Sample(["environment": $0.environment.id.value], Double($0.activeIncidents.count))
            }))
        families.append(Family(
            "canton_status_active_maintenance",
            help: "Maintenance windows in progress on a network.",
            samples: environments.map {
                Sample(["environment": $0.environment.id.value], Double($0.activeMaintenance.count))
            }))
        families.append(Family(
            "canton_status_declared_uptime_ratio",
            help: "Availability declared by incidents over the trailing window "
                + "(major outage counts fully, partial outage 30 %), from 0 to 1.",
            samples: components.flatMap { status in
                StatusSnapshot.UptimeWindow.allCases.map { window in
                    Sample(["environment": status.environmentID, "component": status.component.id.value,
                            "window": window.rawValue], status.uptime[window] ?? 1)
                }
            }))
        families.append(Family(
            "canton_status_sla_target_ratio",
            help: "Availability target of a component from components.yml, from 0 to 1.",
            samples: components.compactMap { status in
                status.component.sla.map {
                    // `99.9%` parses to 0.9990000000000001; targets have a few digits, so round to six.
                    Sample(["environment": status.environmentID, "component": status.component.id.value],
                           ($0 * 1_000_000).rounded() / 1_000_000)
                }
            }))
        families += measuredFamilies()
        families.append(Family(
            "canton_status_build_timestamp_seconds",
            help: "The instant the status was computed for, in seconds since 1970-01-01T00:00Z.",
            samples: [Sample([:], Double(snapshot.now.secondsSince1970))]))

        return families.filter { !$0.samples.isEmpty }.map(\.text).joined()
    }

    /// One metric family: its help, type and samples, contiguous as the format requires.
    struct Family {
        var name: String
        var help: String
        var samples: [Sample]

        init(_ name: String, help: String, samples: [Sample]) {
            self.name = name
            self.help = help
            self.samples = samples
        }

        var text: String {
            var lines = ["# HELP \(name) \(PrometheusMetrics.escapeHelp(help))", "# TYPE \(name) gauge"]
            for sample in samples {
                lines.append(name + sample.labelText + " " + PrometheusMetrics.format(sample.value))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// One sample; labels are written in a fixed order (environment, component first, then by name).
    struct Sample {
        var labels: [String: String]
        var value: Double

        init(_ labels: [String: String], _ value: Double) {
            self.labels = labels
            self.value = value
        }

        var labelText: String {
            guard !labels.isEmpty else { return "" }
            let leading = ["environment", "component"]
            let names = leading.filter { labels[$0] != nil } + labels.keys.filter { !leading.contains($0) }.sorted()
            let pairs = names.map { "\($0)=\"\(PrometheusMetrics.escapeLabelValue(labels[$0]!))\"" }
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }

    /// Integers without a fraction, others in Swift's shortest round-tripping form (Go's parser reads both).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A label value: `\`, `"` and line feeds escaped; see the type's comment for other controls.
    static func escapeLabelValue(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result += neutralized(scalar)
            }
        }
        return result
    }

    /// HELP text: `\` and line feeds escaped, as the format requires there.
    static func escapeHelp(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result += neutralized(scalar)
            }
        }
        return result
    }

    private static func neutralized(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.generalCategory == .control { return " " }
        if isBidiControl(scalar) { return "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">" }
        return String(scalar)
    }

    /// Characters that change the display order of the text around them.
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
