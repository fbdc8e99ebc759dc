internal import Model
internal import Content
public import Status

/// Renders every HTML page of the site, plus `style.css`, `robots.txt` and `sitemap.xml`.
///
/// Pages link to each other with relative URLs, so the site works from any folder or host. Page
/// contexts are `TemplateNode`s: every string is escaped as it enters one, and only HTML produced
/// here (safe cmark output, icons, bars, charts) enters as `SafeHTML` (see `TemplateRepresentable`).
public struct HTMLRenderer: Sendable {
    let snapshot: StatusSnapshot
    let templates: SiteTemplates
    private let chrome: PageChrome
    private let states: StateBadges
    /// `site` in every template: the page's title, description and URL.
    private let siteContext: TemplateNode
    /// A component's name by `network/component`, for the pages that list affected components.
    private let componentNames: [String: String]

    public init(snapshot: StatusSnapshot, templates: SiteTemplates) {
        self.snapshot = snapshot
        self.templates = templates
        chrome = PageChrome(templates: templates)
        states = StateBadges(templates: templates)
        siteContext = ["title": snapshot.page.title, "description": snapshot.page.description, "url": snapshot.page.url]
        var componentNames: [String: String] = [:]
        for environment in snapshot.environments {
            for component in environment.components {
                componentNames["\(environment.environment.id.value)/\(component.component.id.value)"] = component.component.name
            }
        }
        self.componentNames = componentNames
    }

    /// How many incidents a component page lists, newest first; the history archive has the rest.
    /// A component with years of incidents would otherwise get a page of thousands of rows.
    static let componentIncidentLimit = 25

    /// One unit of rendering work: a page, or a small group of files.
    public typealias Job = @Sendable () -> [OutputFile]

    /// Every page, as independent jobs so a caller can spread them over all cores; `sitemap.xml` is
    /// not among them because it lists the others (see `sitemap(_:)`). The history archive's month
    /// pages come first: each lists hundreds of rows, and started last they kept one core busy
    /// after the other had finished.
    public func jobs() -> [Job] {
        var jobs: [Job] = historyJobs() + [
            { [OutputFile(path: SitePaths.stylesheet, bytes: templates.stylesheet)] },
            { [page(SitePaths.overview, template: "overview", title: "Current status", context: overviewContext())] },
            { [page(SitePaths.sla, template: "sla", title: "Service levels", context: slaContext())] },
            { [page(SitePaths.subscribe, template: "subscribe", title: "Subscribe", context: SubscribeContext.context(snapshot))] },
            { [page(SitePaths.notFound, template: "404", title: "Page not found", context: [:], absoluteRoot: true)] },
            { [OutputFile(path: SitePaths.robots, text: "User-agent: *\nAllow: /\nSitemap: \(SitePaths.absolute(SitePaths.sitemap, base: snapshot.page.url))\n")] },
        ]
        for environment in snapshot.environments {
            let id = environment.environment.id.value
            jobs.append { [page(SitePaths.environment(id), template: "environment", title: environment.environment.name,
                                context: ["primary": networkContext(environment, at: SitePaths.environment(id))], environmentID: id)] }
            for component in environment.components {
                let path = SitePaths.component(component.component.id.value, in: id)
                jobs.append { [page(path, template: "component", title: "\(component.component.name) on \(environment.environment.name)",
                                    context: componentContext(component, environment: environment, at: path), environmentID: id)] }
            }
        }
        for incident in snapshot.incidents {
            jobs.append { [page(SitePaths.incident(incident.id), template: "incident", title: incident.title.value,
                                context: incidentContext(incident, at: SitePaths.incident(incident.id)))] }
        }
        for window in snapshot.maintenance {
            jobs.append { [page(SitePaths.maintenance(window.id), template: "maintenance", title: window.title.value,
                                context: maintenanceContext(window, at: SitePaths.maintenance(window.id)))] }
        }
        return jobs
    }

    // MARK: Layout

    private func page(
        _ path: String, template: String, title: String, context: TemplateNode, environmentID: String? = nil,
        absoluteRoot: Bool = false
    ) -> OutputFile {
        let root = absoluteRoot ? SitePaths.absolute("", base: snapshot.page.url) : SitePaths.relative(from: path, to: "")
        let pieces = chrome.pieces(for: PageChrome.Place(root: root, environmentID: environmentID)) { place in
            chromeContext(place)
        }
        var context = context
        context.set("pageTitle", title)
        context.set("root", root)
        context.set("site", siteContext)
        context.set("chrome", pieces)
        return OutputFile(path: path, text: templates.render(template, context))
    }

    /// What the shared page parts (`chrome-*.mustache`) see: the site, the network links, the feeds.
    private func chromeContext(_ place: PageChrome.Place) -> TemplateNode {
        let root = place.root
        let nav = snapshot.environments.map { environment -> TemplateNode in
            let id = environment.environment.id.value
            return [
                "name": environment.environment.name, "href": root + SitePaths.environment(id),
                "current": id == place.environmentID, "icon": Presentation.icon(environment.state),
            ]
        }
        var feeds: [TemplateNode] = [
            ["type": FeedFormat.atom.mediaType, "title": "\(snapshot.page.title) (Atom)", "href": root + SitePaths.feed(.atom)],
            ["type": FeedFormat.rss.mediaType, "title": "\(snapshot.page.title) (RSS)", "href": root + SitePaths.feed(.rss)],
        ]
        if let environmentID = place.environmentID {
            feeds.append(["type": FeedFormat.atom.mediaType, "title": "\(environmentID) (Atom)",
                          "href": root + SitePaths.feed(.atom, environmentID: environmentID)])
        }
        return ["root": root, "site": siteContext, "generated": Presentation.time(snapshot.now), "nav": nav, "feeds": feeds]
    }

    // MARK: Overview and networks

    private func overviewContext() -> TemplateNode {
        [
            "banners": snapshot.environments.map { banner($0, from: SitePaths.overview) },
            "primary": snapshot.environments.first.map { environmentContext($0, at: SitePaths.overview) },
        ]
    }

    private func banner(_ environment: StatusSnapshot.NetworkStatus, from path: String) -> TemplateNode {
        [
            "environment": ["name": environment.environment.name,
                            "href": SitePaths.relative(from: path, to: SitePaths.environment(environment.environment.id.value))] as TemplateNode,
            "state": states[environment.state],
            "probe": MeasuredContext.probe(environment, now: snapshot.now),
        ]
    }

    private func environmentContext(_ environment: StatusSnapshot.NetworkStatus, at path: String) -> TemplateNode {
        let id = environment.environment.id.value
        let announcements = MeasuredContext.announcements(environment, now: snapshot.now)
        return [
            "environment": ["name": environment.environment.name,
                            "href": SitePaths.relative(from: path, to: SitePaths.environment(id))] as TemplateNode,
            "state": states[environment.state],
            "probe": MeasuredContext.probe(environment, now: snapshot.now),
            "hasAnnouncements": !announcements.isEmpty,
            "announcements": announcements,
            "hasActiveIncidents": !environment.activeIncidents.isEmpty,
            "activeIncidents": environment.activeIncidents.map { incident in
                let row = incidentRow(incident, from: path)
                guard let latest = incident.updates.last else { return row }
                return row.adding("latest", [
                    "status": Presentation.incidentStatus(latest.status), "time": Presentation.time(latest.at.value),
                    "html": Self.markdown(latest.text.value),
                ] as TemplateNode)
            },
            "hasActiveMaintenance": !environment.activeMaintenance.isEmpty,
            "activeMaintenance": environment.activeMaintenance.map { maintenanceRow($0, from: path, until: $0.end.value) },
            "hasUpcomingMaintenance": !environment.upcomingMaintenance.isEmpty,
            "upcomingMaintenance": environment.upcomingMaintenance.map { maintenanceRow($0, from: path, until: $0.start.value) },
            "groups": environment.groups.map { group -> TemplateNode in
                [
                    "name": group.group.name, "description": group.group.description,
                    "components": group.components.map { component -> TemplateNode in
                        [
                            "name": component.component.name,
                            "href": SitePaths.relative(from: path, to: SitePaths.component(component.component.id.value, in: id)),
                            "state": states[component.state],
                            "bar": SafeHTML(UptimeBar.svg(days: component.days, label: "\(component.component.name), last \(component.days.count) days")),
                            "uptime90": Presentation.percentage(component.uptime[.quarter] ?? 1),
                            "measured90": component.measuredUptime[.quarter].map(Presentation.percentage),
                            "notMeasured": component.source == .assumed ? component.measured?.notMeasured : nil,
                        ]
                    },
                ]
            },
            "recentIncidents": environment.incidents.prefix(10).map { incidentRow($0, from: path) },
        ]
    }

    /// A network's own page: its overview context plus the SV × check matrix, which the overview
    /// leaves out to stay light.
    private func networkContext(_ environment: StatusSnapshot.NetworkStatus, at path: String) -> TemplateNode {
        var context = environmentContext(environment, at: path)
        context.set("matrix", MeasuredContext.matrix(environment, states: states))
        context.set("faultBudget", MeasuredContext.faultBudget(environment))
        return context
    }

    private func maintenanceRow(_ window: Maintenance, from path: String, until: Timestamp) -> TemplateNode {
        [
            "title": window.title.value, "href": SitePaths.relative(from: path, to: SitePaths.maintenance(window.id)),
            "start": Presentation.time(window.start.value), "end": Presentation.time(window.end.value),
            "timeLeft": Presentation.duration(seconds: max(0, until.secondsSince1970 - snapshot.now.secondsSince1970)),
            "impact": window.impact.value.phrase, "icon": Presentation.icon(.underMaintenance),
            "environments": environmentNames(window.environments),
        ]
    }

    private func incidentRow(_ incident: Incident, from path: String) -> TemplateNode {
        [
            "title": incident.title.value, "href": SitePaths.relative(from: path, to: SitePaths.incident(incident.id)),
            "severity": states[incident.severity], "status": Presentation.incidentStatus(incident.status),
            "start": Presentation.time(incident.start ?? snapshot.now), "environments": environmentNames(incident.environments),
        ]
    }

    private func environmentNames(_ ids: [Located<String>]) -> String {
        ids.map { id in snapshot.environments.first { $0.environment.id.value == id.value }?.environment.name ?? id.value }
            .joined(separator: ", ")
    }

    // MARK: Components

    private func componentContext(
        _ component: StatusSnapshot.ComponentStatus, environment: StatusSnapshot.NetworkStatus, at path: String
    ) -> TemplateNode {
        let id = component.component.id.value
        let environmentID = environment.environment.id.value
        let label = "\(component.component.name) on \(environment.environment.name)"
        var context: TemplateNode = [
            "name": component.component.name, "description": component.component.description,
            "environment": ["name": environment.environment.name] as TemplateNode,
            "state": states[component.state],
            "uptime": StatusSnapshot.UptimeWindow.allCases.map { window -> TemplateNode in
                ["window": window.rawValue, "value": Presentation.percentage(component.uptime[window] ?? 1)]
            },
            "sla": component.component.sla.map { Presentation.percentage($0) },
            "bar": SafeHTML(UptimeBar.svg(days: component.days, label: "\(label), last \(component.days.count) days")),
            "incidents": component.incidents.prefix(Self.componentIncidentLimit).map { incidentRow($0, from: path) },
            "olderIncidents": olderIncidents(component.incidents.count, from: path),
            "feed": SitePaths.relative(from: path, to: SitePaths.feed(.atom, environmentID: environmentID, componentID: id)),
            "badge": SitePaths.relative(from: path, to: SitePaths.badgeSVG(id, in: environmentID)),
        ]
        context.merge(MeasuredContext.component(component, label: label, now: snapshot.now, states: states))
        return context
    }

    /// The note under a component's capped incident list, or `nil` when the list is complete.
    private func olderIncidents(_ total: Int, from path: String) -> TemplateNode? {
        guard total > Self.componentIncidentLimit else { return nil }
        return ["shown": Self.componentIncidentLimit, "total": total,
                "history": SitePaths.relative(from: path, to: SitePaths.historyIndex)]
    }

    // MARK: Incidents and maintenance

    private func incidentContext(_ incident: Incident, at path: String) -> TemplateNode {
        let start = incident.start ?? snapshot.now
        let end = incident.resolvedAt ?? snapshot.now
        var affected: [TemplateNode] = []
        for environment in incident.environments {
            for (component, state) in incident.impact {
                affected.append([
                    "name": componentNames["\(environment.value)/\(component.value)"] ?? component.value,
                    "environment": environmentNames([environment]), "state": states[state],
                    "href": SitePaths.relative(from: path, to: SitePaths.component(component.value, in: environment.value)),
                ])
            }
        }
        let summary = incident.summary.value.allSatisfy(\.isWhitespace) ? nil : Self.markdown(incident.summary.value)
        return [
            "title": incident.title.value, "severity": states[incident.severity],
            "status": Presentation.incidentStatus(incident.status), "environments": environmentNames(incident.environments),
            "start": Presentation.time(start),
            "resolved": incident.resolvedAt.map { Presentation.time($0) },
            "duration": Presentation.duration(seconds: end.secondsSince1970 - start.secondsSince1970) + (incident.isResolved ? "" : " so far"),
            "affected": affected, "reportedBy": incident.reportedBy, "automated": incident.automated,
            "updates": incident.updates.reversed().map { update -> TemplateNode in
                ["status": Presentation.incidentStatus(update.status), "time": Presentation.time(update.at.value),
                 "html": Self.markdown(update.text.value)]
            },
            "summary": summary,
        ]
    }

    private func maintenanceContext(_ window: Maintenance, at path: String) -> TemplateNode {
        var components: [TemplateNode] = []
        for environment in window.environments {
            for component in window.components {
                let name = componentNames["\(environment.value)/\(component.value)"] ?? component.value
                components.append([
                    "name": name, "environment": environmentNames([environment]),
                    "href": SitePaths.relative(from: path, to: SitePaths.component(component.value, in: environment.value)),
                ])
            }
        }
        let description = window.description.value.allSatisfy(\.isWhitespace) ? nil : Self.markdown(window.description.value)
        return [
            "title": window.title.value, "status": Presentation.maintenanceStatus(window.status(at: snapshot.now)),
            "icon": Presentation.icon(.underMaintenance), "environments": environmentNames(window.environments),
            "start": Presentation.time(window.start.value), "end": Presentation.time(window.end.value),
            "duration": Presentation.duration(seconds: window.end.value.secondsSince1970 - window.start.value.secondsSince1970),
            "impact": states[window.impact.value], "components": components,
            "hasReferences": !window.references.isEmpty, "references": window.references.map(Presentation.reference),
            "shortNotice": window.shortNotice, "description": description,
            "hasUpdates": !window.updates.isEmpty,
            "updates": window.updates.reversed().map { update -> TemplateNode in
                ["status": Presentation.maintenanceStatus(update.status), "time": Presentation.time(update.at.value),
                 "html": Self.markdown(update.text.value)]
            },
            "calendar": SitePaths.relative(from: path, to: SitePaths.calendar()),
        ]
    }

    // MARK: History and SLA

    private func historyJobs() -> [Job] {
        var incidentsByMonth: [String: [Incident]] = [:]
        for incident in snapshot.incidents {
            incidentsByMonth[String((incident.start ?? snapshot.now).utcDay.prefix(7)), default: []].append(incident)
        }
        var maintenanceByMonth: [String: [Maintenance]] = [:]
        for window in snapshot.maintenance {
            maintenanceByMonth[String(window.start.value.utcDay.prefix(7)), default: []].append(window)
        }
        let currentMonth = String(snapshot.now.utcDay.prefix(7))
        let months = Set(incidentsByMonth.keys).union(maintenanceByMonth.keys).union([currentMonth]).sorted(by: >)
        let counts = months.map { (incidentsByMonth[$0]?.count ?? 0, maintenanceByMonth[$0]?.count ?? 0) }
        var jobs: [Job] = [{
            let index: TemplateNode = [
                "heading": "History",
                "months": zip(months, counts).map { month, count -> TemplateNode in
                    ["label": Self.monthName(month), "href": "\(month).html",
                     "incidentCount": count.0, "maintenanceCount": count.1]
                },
            ]
            return [page(SitePaths.historyIndex, template: "history", title: "History", context: index)]
        }]
        for (position, month) in months.enumerated() {
            let incidents = incidentsByMonth[month] ?? []
            let windows = maintenanceByMonth[month] ?? []
            jobs.append {
                let path = SitePaths.history(month: month)
                var context: TemplateNode = [
                    "heading": Self.monthName(month),
                    "hasIncidents": !incidents.isEmpty, "incidents": incidents.map { incidentRow($0, from: path) },
                    "hasMaintenance": !windows.isEmpty,
                    "maintenance": windows.map { window -> TemplateNode in
                        ["title": window.title.value, "href": SitePaths.relative(from: path, to: SitePaths.maintenance(window.id)),
                         "start": Presentation.time(window.start.value), "environments": environmentNames(window.environments)]
                    },
                    "empty": incidents.isEmpty && windows.isEmpty,
                ]
                if position > 0 { context.set("newer", ["label": Self.monthName(months[position - 1]), "href": "\(months[position - 1]).html"] as TemplateNode) }
                if position + 1 < months.count {
                    context.set("older", ["label": Self.monthName(months[position + 1]), "href": "\(months[position + 1]).html"] as TemplateNode)
                }
                return [page(path, template: "history", title: Self.monthName(month), context: context)]
            }
        }
        return jobs
    }

    /// The last twelve calendar months (UTC) and the year they make, the current month counted up
    /// to now: measured uptime where the probes ran, declared elsewhere (`ServiceLevels`), the
    /// downtime behind each figure and, in words, the months that missed their target.
    private func slaContext() -> TemplateNode {
        let table = ServiceLevelTable(snapshot: snapshot)
        return [
            "csv": SitePaths.slaCSV, "json": SitePaths.slaJSON,
            "environments": snapshot.environments.map { environment -> TemplateNode in
                var missed = 0
                let rows: [TemplateNode] = environment.components.compactMap { component in
                    guard let target = component.component.sla else { return nil }
                    let levels = table.months.map { ServiceLevels.level(component, from: $0.start, to: $0.end) }
                    missed += levels.filter(\.missed).count
                    return [
                        "name": component.component.name,
                        "href": SitePaths.component(component.component.id.value, in: environment.environment.id.value),
                        "target": Presentation.percentage(target),
                        "cells": levels.map(Self.slaCell),
                        "year": Self.slaCell(ServiceLevels.level(component, from: table.year.start, to: table.year.end)),
                    ]
                }
                return ["name": environment.environment.name, "rows": rows, "hasRows": !rows.isEmpty,
                        "missedSummary": missed == 0 ? nil : "\(missed) component-month\(missed == 1 ? "" : "s") missed the target",
                        "months": table.months.map { Self.monthName($0.month, short: true) }]
            },
        ]
    }

    /// One month (or the year) of one component: its uptime and where it comes from, the downtime
    /// behind it, and whether it missed the target, in words.
    static func slaCell(_ level: ServiceLevels.Level) -> TemplateNode {
        let downtime = Int64(level.tally.weightedDowntimeSeconds.rounded(.up))
        let allowed = level.allowedDowntimeSeconds.map { Presentation.duration(seconds: Int64($0.rounded(.down))) }
        return [
            "value": Presentation.percentage(level.uptime),
            "source": level.source == .measured ? "measured" : "declared",
            "declaredValue": level.source == .measured ? Presentation.percentage(level.declared.uptime ?? 1) : nil,
            "downtime": downtime == 0 ? "no downtime" : Presentation.duration(seconds: downtime) + " down",
            "missed": level.missed,
            "missedText": level.missed ? "missed the target: \(allowed ?? "none") allowed" : nil,
        ]
    }

    static func monthName(_ month: String, short: Bool = false) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else { return month }
        let name = short ? CivilTime.monthAbbreviation(number) : CivilTime.monthNames[number - 1]
        return "\(name) \(parts[0])"
    }

    func sitemap(_ paths: [String]) -> OutputFile {
        // The escaped absolute URL of the site's root, once; each page only adds its own path. Each
        // part is cleaned on its own, so a direction override left open in `page.url` is closed
        // before the path rather than after it.
        let root = XMLEscaping.text(SitePaths.absolute("", base: snapshot.page.url))
        // Sorting paths that come already sorted (`SiteBuilder.render` sorts the files first) is one pass.
        let pages = paths.filter { $0.hasSuffix(".html") && $0 != SitePaths.notFound }.sorted()
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        text.reserveCapacity(text.utf8.count + pages.count * (root.utf8.count + 48))
        for path in pages {
            text += "  <url><loc>"
            text += root
            if path != SitePaths.overview { text += XMLEscaping.text(path) }
            text += "</loc></url>\n"
        }
        return OutputFile(path: SitePaths.sitemap, text: text + "</urlset>\n")
    }

    /// Safe HTML of operator Markdown (see `MarkdownDocument`).
    static func markdown(_ text: String) -> SafeHTML { SafeHTML(MarkdownDocument(text).html()) }
}
