internal import Model
internal import Status

/// Template contexts for what the probes measured: the "last probed" line, announced upgrades,
/// the SV × check matrix, and a component's measured uptime, latency charts and targets.
///
/// Everything here reads the snapshot; which state a component shows was decided there. Names,
/// versions and reasons came from remote servers: they go to templates as plain strings, escaped as
/// they enter the context; only the charts, drawn and escaped in `LatencyChart`, are `SafeHTML`.
/// Keys are distinct from those of the enclosing page contexts (`cellText`, not `text`), because
/// Mustache looks a missing key up in the enclosing contexts.
enum MeasuredContext {
    /// The line under a network's banner, or `nil` when the network was never probed.
    static func probe(_ environment: StatusSnapshot.NetworkStatus, now: Timestamp) -> TemplateNode? {
        guard let measured = environment.measured, let last = measured.lastProbedAt else { return nil }
        let reporting = measured.vantages.count > 1
            ? " (\(measured.freshVantages.count) of \(measured.vantages.count) vantages reporting)" : ""
        let belowQuorum = measured.vantageQuorum.map { quorum in
            "\(measured.freshVantages.count) of \(quorum) probers reporting: measured states not shown"
        }
        return [
            "belowQuorum": measured.isBelowQuorum ? belowQuorum : nil,
            "lastProbed": Presentation.time(last),
            "ago": Presentation.duration(seconds: max(0, now.secondsSince1970 - last.secondsSince1970)),
            "reporting": reporting,
            "stale": measured.isStale,
            "warningIcon": Presentation.icon(.degradedPerformance),
        ]
    }

    /// Upgrades the network announced that no posted window covers.
    static func announcements(_ environment: StatusSnapshot.NetworkStatus, now: Timestamp) -> [TemplateNode] {
        environment.unpostedAnnouncements.map { announcement in
            var row: TemplateNode = [
                "at": Presentation.time(announcement.at),
                "timeLeft": Presentation.duration(seconds: max(0, announcement.at.secondsSince1970 - now.secondsSince1970)),
                "icon": Presentation.icon(.underMaintenance),
            ]
            if let migration = announcement.migrationID { row.set("migrationID", String(migration)) }
            let summary = announcement.summary
            row.set("title", summary.prefix(1).uppercased() + summary.dropFirst())
            if let freeze = announcement.topologyFreezeAt { row.set("freezeAt", Presentation.time(freeze)) }
            return row
        }
    }

    /// The network's fault budget, or `nil` when no recent run described the network.
    static func faultBudget(_ environment: StatusSnapshot.NetworkStatus) -> TemplateNode? {
        guard !environment.faultBudgets.isEmpty, let network = environment.measured?.network else { return nil }
        var facts = ["\(network.svCount) SVs, so up to \(FaultBudget.faultTolerance(network.svCount)) may fail"]
        if let threshold = network.votingThreshold { facts.append("voting threshold \(threshold)") }
        if let serial = network.sequencerSerial {
            facts.append("sequencers of physical synchronizer serial \(serial)")
        } else if let migration = network.migrationID {
            facts.append("sequencers of migration id \(migration)")
        }
        var context: TemplateNode = [
            "budgetFacts": facts.joined(separator: " · "),
            "budgets": environment.faultBudgets.map { budget in
                [
                    "budgetText": budget.sentence.prefix(1).uppercased() + budget.sentence.dropFirst(),
                    "budgetIcon": Presentation.icon(budget.spare > 0 ? .operational : budget.spare == 0 ? .degradedPerformance : .majorOutage),
                ] as TemplateNode
            },
        ]
        // SVs of the DSO rules that publish nothing for a layer are shown, not dropped: they count
        // against the budget.
        if !network.missingScans.isEmpty { context.set("missingScans", network.missingScans.joined(separator: ", ")) }
        if !network.missingSequencers.isEmpty { context.set("missingSequencers", network.missingSequencers.joined(separator: ", ")) }
        return context
    }

    static let columnNames: [TargetMatrix.Column: String] = [
        .ready: "Scan ready", .sequencer: "Sequencer", .version: "Version", .round: "Latest round", .latency: "Scan latency",
    ]

    /// The SV × check table of a network, or `nil` when no SV was probed.
    static func matrix(_ environment: StatusSnapshot.NetworkStatus, states: StateBadges) -> TemplateNode? {
        guard let matrix = environment.targets else { return nil }
        var context: TemplateNode = [
            "columns": matrix.columns.map { columnNames[$0] ?? $0.rawValue },
            "rows": matrix.rows.map { row in
                [
                    "svName": row.name,
                    "cells": matrix.columns.map { column -> TemplateNode in
                        guard let cell = row.cells[column] else { return ["cellText": "—"] }
                        var context: TemplateNode = ["cellText": cell.text]
                        if let note = cell.note, !note.isEmpty { context.set("cellNote", note) }
                        if let state = cell.state { context.set("cellState", states[state]) }
                        return context
                    },
                ] as TemplateNode
            },
        ]
        if let at = matrix.at { context.set("matrixAt", Presentation.time(at)) }
        if let vantage = matrix.vantage { context.set("matrixVantage", vantage) }
        if matrix.hasDrift {
            context.set("drift", [
                "driftText": matrix.versions.map { "\($0.count) on \($0.version)" }.joined(separator: ", "),
                "driftIcon": Presentation.icon(.degradedPerformance),
            ] as TemplateNode)
        }
        return context
    }

    /// What a component page adds from the probes.
    static func component(_ component: StatusSnapshot.ComponentStatus, label: String, now: Timestamp, states: StateBadges) -> TemplateNode {
        var context: TemplateNode = [
            "source": sourceText(component),
            "measuredUptime": StatusSnapshot.UptimeWindow.allCases.map { window -> TemplateNode in
                ["window": window.rawValue, "value": component.measuredUptime[window].map(Presentation.percentage) ?? "—"]
            },
        ]
        guard let measured = component.measured else { return context }
        if component.source == .measured, let reason = measured.reason { context.set("measuredReason", reason) }
        context.set("measuredSince", Presentation.time(measured.firstMeasuredAt))
        let days = component.days.map(\.day)
        let daily = LatencyChart.daily(measured.daily, days: days, label: "\(label): latency per day, last \(days.count) days")
        let recent = LatencyChart.recent(measured.recent, now: now, label: "\(label): latency, last 24 hours")
        if daily != nil || recent != nil {
            context.set("charts", ["dailyChart": daily.map(SafeHTML.init), "recentChart": recent.map(SafeHTML.init)] as TemplateNode)
        }
        if !measured.targets.isEmpty {
            var targets: TemplateNode = [
                "targetRows": measured.targets.map { target -> TemplateNode in
                    [
                        "targetName": target.name, "check": target.check, "targetState": states[target.state],
                        "latency": target.latencyMilliseconds.map { "\($0) ms" } ?? "—",
                        "details": details(target),
                    ]
                },
            ]
            if let at = measured.targetsAt { targets.set("targetsAt", Presentation.time(at)) }
            if let vantage = measured.targetsVantage { targets.set("targetsVantage", vantage) }
            context.set("targets", targets)
        }
        return context
    }

    /// "Measured by the probes", "Declared by an open incident or maintenance window", …
    static func sourceText(_ component: StatusSnapshot.ComponentStatus) -> String {
        switch component.source {
        case .declared: "Declared by an open incident or maintenance window"
        case .measured: "Measured by the probes"
        case .assumed:
            if let why = component.measured?.notMeasured {
                // The probes ran but could not judge (no quorum of Scans): say so (the reason starts
                // "not measured: …"), never red.
                "No incident declared; " + why
            } else {
                component.measured == nil ? "No incident declared" : "No incident declared; not probed recently"
            }
        }
    }

    /// Version, round and reason of one target, joined: `version 0.5.3 · HTTP 503`.
    static func details(_ target: LatestTarget) -> String {
        var parts: [String] = []
        if let version = target.details["version"] { parts.append("version \(version)") }
        if let round = target.details["round"] { parts.append("round \(round)") }
        if let behind = target.details["behind"] { parts.append("\(behind) rounds behind") }
        if let reason = target.reason { parts.append(reason) }
        return parts.isEmpty ? "—" : parts.joined(separator: " · ")
    }
}
