public import Status
internal import Model

/// The SLA page's table as downloads (`sla.csv`, `sla.json`), and each component's Statuspage-style
/// `uptime.json`: the same `ServiceLevels` figures the page shows, so a spreadsheet, a script and
/// the page agree to the digit.
///
/// Percentages are rounded down (`APIJSON.decimal`), like the page's, so no download shows a
/// missed target as met.
struct ServiceLevelTable {
    let snapshot: StatusSnapshot
    let months: [(month: String, start: Timestamp, end: Timestamp)]

    init(snapshot: StatusSnapshot) {
        self.snapshot = snapshot
        months = ServiceLevels.months(endingAt: snapshot.now)
    }

    /// The window of the year's view: the twelve months, the current one up to now.
    var year: (start: Timestamp, end: Timestamp) { (months.first?.start ?? snapshot.now, snapshot.now) }

    /// Components with an `sla:` target, per network, in page order.
    var rows: [(network: StatusSnapshot.NetworkStatus, component: StatusSnapshot.ComponentStatus)] {
        snapshot.environments.flatMap { network in
            network.components.filter { $0.component.sla != nil }.map { (network, $0) }
        }
    }

    func files() -> [OutputFile] {
        [OutputFile(path: SitePaths.slaCSV, text: csv()), OutputFile(path: SitePaths.slaJSON, text: json())]
    }

    static let csvHeader = "network,component,name,month,target_percent,source,uptime_percent,measured_uptime_percent,"
        + "declared_uptime_percent,downtime_minutes,allowed_downtime_minutes,missed"

    /// One line per component and month, then one per component for the year (`month` = `12-months`).
    func csv() -> String {
        var lines = [Self.csvHeader]
        for (network, component) in rows {
            let windows = months.map { ($0.month, $0.start, $0.end) } + [("12-months", year.start, year.end)]
            for (label, start, end) in windows {
                let level = ServiceLevels.level(component, from: start, to: end)
                let measured = level.source == .measured ? Self.percent(level.uptime) : ""
                lines.append([
                    network.environment.id.value, component.component.id.value, Self.csvField(component.component.name), label,
                    level.target.map(Self.percent) ?? "", level.source.rawValue, Self.percent(level.uptime), measured,
                    Self.percent(level.declared.uptime ?? 1), Self.minutes(level.tally.weightedDowntimeSeconds),
                    level.allowedDowntimeSeconds.map(Self.minutes) ?? "", level.missed ? "yes" : "no",
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func json() -> String {
        APIJSON.object([
            "generated_at": .time(snapshot.now),
            "months": .array(months.map { .string($0.month) }),
            "components": .array(rows.map { network, component in
                .object([
                    "network": .string(network.environment.id.value),
                    "component": .string(component.component.id.value),
                    "name": .string(component.component.name),
                    "target_percent": component.component.sla.map { Self.percentJSON($0) } ?? .null,
                    "months": .array(months.map { month in
                        Self.levelJSON(ServiceLevels.level(component, from: month.start, to: month.end), label: month.month)
                    }),
                    "year": Self.levelJSON(ServiceLevels.level(component, from: year.start, to: year.end), label: "12-months"),
                ])
            }),
        ]).encoded()
    }

    static func levelJSON(_ level: ServiceLevels.Level, label: String) -> APIJSON {
        .object([
            "month": .string(label),
            "start": .time(level.start), "end": .time(level.end),
            "source": .string(level.source.rawValue),
            "uptime_percent": percentJSON(level.uptime),
            "measured_uptime_percent": level.source == .measured ? percentJSON(level.uptime) : .null,
            "declared_uptime_percent": percentJSON(level.declared.uptime ?? 1),
            "downtime_minutes": .decimal(level.tally.weightedDowntimeSeconds / 60, places: 1),
            "allowed_downtime_minutes": level.allowedDowntimeSeconds.map { .decimal($0 / 60, places: 1) } ?? .null,
            "missed": .bool(level.missed),
        ])
    }

    /// Statuspage's component uptime object (its manage API's `GET …/components/{id}/uptime`),
    /// over the last 90 days as Statuspage defaults to: the uptime percentage and the seconds of
    /// major and partial outage, from measurements where the probes covered the window.
    static func uptime(_ component: StatusSnapshot.ComponentStatus, now: Timestamp) -> String {
        let level = ServiceLevels.level(component, from: now.adding(seconds: -StatusSnapshot.UptimeWindow.quarter.seconds), to: now)
        let warning = level.source == .measured
            ? "measured by the probes over \(level.tally.knownSeconds / 86_400) of 90 days; the rest is not counted"
            : nil
        return APIJSON.object([
            "id": .string(component.component.id.value),
            "name": .string(component.component.name),
            "range_start": .time(level.start), "range_end": .time(level.end),
            "uptime_percentage": percentJSON(level.uptime),
            "major_outage": .integer(level.tally.majorOutageSeconds),
            "partial_outage": .integer(level.tally.partialOutageSeconds),
            "warnings": .optional(warning),
            "source": .string(level.source.rawValue),
        ]).encoded()
    }

    static func percentJSON(_ fraction: Double) -> APIJSON { .decimal(fraction * 100, places: 4) }

    static func percent(_ fraction: Double) -> String {
        guard case .decimal(let text) = APIJSON.decimal(fraction * 100, places: 4) else { return "" }
        return text
    }

    static func minutes(_ seconds: Double) -> String {
        guard case .decimal(let text) = APIJSON.decimal(seconds / 60, places: 1) else { return "" }
        return text
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; and a leading
    /// `= + - @` or tab is prefixed with `'`, so a spreadsheet shows a name as text instead of
    /// running it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
