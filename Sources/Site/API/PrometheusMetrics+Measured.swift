internal import Status
internal import Model

/// The metric families of what the probes measured. Empty for a network never probed, so a site
/// without `history/` exports exactly the declared families.
extension PrometheusMetrics {
    func measuredFamilies() -> [Family] {
        let environments = snapshot.environments.filter { $0.measured != nil }
        let components = environments.flatMap(\.components)
        var families: [Family] = []
        families.append(Family(
            "canton_status_component_state_source",
            help: "Where a component's shown state comes from: declared (an open incident or running maintenance), "
                + "measured (the probes' vantage quorum) or assumed (neither; shown as operational). One-hot.",
            samples: components.flatMap { status in
                [StatusSnapshot.StateSource.declared, .measured, .assumed].map { source in
                    Sample(["environment": status.environmentID, "component": status.component.id.value, "source": source.rawValue],
                           status.source == source ? 1 : 0)
                }
            }))
        families.append(Family(
            "canton_status_measured_severity",
            help: "State the probes measured by vantage quorum, as a number like canton_status_component_severity; "
                + "absent while no vantage reported recently.",
            samples: components.compactMap { status in
                status.measured?.state.map {
                    Sample(["environment": status.environmentID, "component": status.component.id.value], Double(Self.severity($0)))
                }
            }))
        families.append(Family(
            "canton_status_measured_uptime_ratio",
            help: "Availability measured by the probes over the trailing window, counting only measured time "
                + "(major outage counts fully, partial outage 30 %), from 0 to 1.",
            samples: components.flatMap { status in
                StatusSnapshot.UptimeWindow.allCases.compactMap { window in
                    status.measuredUptime[window].map {
                        Sample(["environment": status.environmentID, "component": status.component.id.value, "window": window.rawValue], $0)
                    }
                }
            }))
        families.append(Family(
            "canton_status_last_probed_timestamp_seconds",
            help: "When any vantage last probed the network, in seconds since 1970-01-01T00:00Z.",
            samples: environments.compactMap { environment in
                environment.measured?.lastProbedAt.map {
                    Sample(["environment": environment.environment.id.value], Double($0.secondsSince1970))
                }
            }))
        families.append(Family(
            "canton_status_fault_budget",
            help: "How many more SVs' endpoints of a layer can fail before it stops, by the last probe run: for "
                + "sequencers the serving ones minus the ordering quorum, for scans the ready ones minus f+1 "
                + "(a verified read); negative when the layer is below its quorum.",
            samples: environments.flatMap { environment in
                environment.faultBudgets.map {
                    Sample(["environment": environment.environment.id.value, "layer": $0.layer.rawValue], Double($0.spare))
                }
            }))
        families.append(Family(
            "canton_status_probe_stale",
            help: "1 when no vantage reported within 20 minutes of the build, so the page shows declared states only.",
            samples: environments.map {
                Sample(["environment": $0.environment.id.value], $0.measured?.isStale == true ? 1 : 0)
            }))

        var severities: [Sample] = []
        var latencies: [Sample] = []
        var versions: [Sample] = []
        var seen: Set<[String: String]> = []
        for status in components {
            for target in status.measured?.targets ?? [] {
                let labels = ["environment": status.environmentID, "component": status.component.id.value,
                              "check": target.check, "target": target.name]
                // Two targets with one name and check would be one series twice, which scrapers reject.
                guard seen.insert(labels).inserted else { continue }
                severities.append(Sample(labels, Double(Self.severity(target.state))))
                if let milliseconds = target.latencyMilliseconds { latencies.append(Sample(labels, Double(milliseconds) / 1000)) }
                if let version = target.details["version"] {
                    versions.append(Sample(labels.merging(["version": version]) { current, _ in current }, 1))
                }
            }
        }
        families.append(Family(
            "canton_status_target_severity",
            help: "State of one probed target (an SV's endpoint, a URL) in the freshest vantage's last run, "
                + "as in canton_status_component_severity.",
            samples: severities))
        families.append(Family(
            "canton_status_target_latency_seconds",
            help: "Latency of one probed target in the freshest vantage's last run.",
            samples: latencies))
        families.append(Family(
            "canton_status_target_version_info",
            help: "Software version one target reported; always 1. Several versions on a network are drift, not an outage.",
            samples: versions))
        return families
    }
}
