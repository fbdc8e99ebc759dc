public import Model
public import Status

/// The Statuspage-compatible `api/v2/` of one network, so existing Statuspage clients, widgets and
/// status aggregators read the Canton Network page unchanged.
///
/// Each network is one Statuspage "page" (`page.id` is the environment id). Field names, nesting and
/// enum values follow Statuspage's public API v2 (`summary.json`, `status.json`, `components.json`,
/// `incidents.json`, `incidents/unresolved.json`, `scheduled-maintenances.json`,
/// `scheduled-maintenances/upcoming.json`, `scheduled-maintenances/active.json`); the mapping of our
/// ids to its enums is `StatuspageVocabulary`. Ids are our content ids, which never change.
///
/// Everything comes from the snapshot's content, never from the clock of the build, so the same
/// content and `now` give the same bytes:
/// - `page.updated_at` is the newest content time on the network at or before `now` (an incident
///   update, an incident start, a maintenance update, a window's start or end once passed);
///   1970-01-01T00:00:00Z when the network has no content yet.
/// - Components have no creation date in `components.yml`, so `created_at` is the page's oldest
///   content time; `updated_at` is when the component's shown state last changed (an incident or
///   window beginning or ending, or the probes' measured state changing while it is shown).
/// - A component's `status` is the snapshot's shown state: declared by an open incident or running
///   window, else measured by the probes when fresh, else operational. `page.updated_at` also
///   moves when a measured state shown on the page changes.
/// - A maintenance window without updates gets Statuspage's usual updates: its description as the
///   `scheduled` announcement (dated `created_at`: the first update, or else the start, since the
///   snapshot does not know when the file was committed), then `in_progress` at the start and
///   `completed` at the end once the clock has passed them.
/// - `incidents.json` and `scheduled-maintenances.json` hold the 50 most recent, as on Statuspage,
///   but never drop an unresolved incident or an upcoming or active window.
package struct StatuspageAPI {
    /// The files under `<environment>/api/v2/`, relative to that folder.
    enum File: String, CaseIterable {
        case summary = "summary.json"
        case status = "status.json"
        case components = "components.json"
        case incidents = "incidents.json"
        case unresolvedIncidents = "incidents/unresolved.json"
        case scheduledMaintenances = "scheduled-maintenances.json"
        case upcomingMaintenances = "scheduled-maintenances/upcoming.json"
        case activeMaintenances = "scheduled-maintenances/active.json"
    }

    /// How many incidents or windows the full lists keep, as Statuspage does.
    static let listLimit = 50

    let snapshot: StatusSnapshot
    let environment: StatusSnapshot.NetworkStatus
    private let componentsByID: [String: StatusSnapshot.ComponentStatus]
    private let createdAt: Timestamp
    private let updatedAt: Timestamp

    package init(snapshot: StatusSnapshot, environment: StatusSnapshot.NetworkStatus) {
        self.snapshot = snapshot
        self.environment = environment
        componentsByID = Dictionary(environment.components.map { ($0.component.id.value, $0) }) { first, _ in first }
        let times = Self.contentTimes(of: environment, now: snapshot.now)
        createdAt = times.min() ?? Timestamp(secondsSince1970: 0)
        let measuredChanges = environment.components.filter { $0.source == .measured }.compactMap(\.stateChangedAt)
        updatedAt = (times + measuredChanges).max() ?? Timestamp(secondsSince1970: 0)
    }

    var pageID: String { environment.environment.id.value }

    /// Every file of this network's API, at its `SitePaths.api(for:_:)` path.
    func files() -> [OutputFile] {
        File.allCases.map { file in
            OutputFile(path: SitePaths.api(for: pageID, file.rawValue), text: document(file).encoded())
        }
    }

    func document(_ file: File) -> APIJSON {
        var members: [String: APIJSON] = ["page": page]
        switch file {
        case .summary:
            members["status"] = status
            members["components"] = .array(components)
            members["incidents"] = .array(environment.activeIncidents.map(incident))
            members["scheduled_maintenances"] = .array(
                (environment.activeMaintenance + environment.upcomingMaintenance).map(maintenance))
        case .status:
            members["status"] = status
        case .components:
            members["components"] = .array(components)
        case .incidents:
            members["incidents"] = .array(recentIncidents.map(incident))
        case .unresolvedIncidents:
            members["incidents"] = .array(environment.activeIncidents.map(incident))
        case .scheduledMaintenances:
            members["scheduled_maintenances"] = .array(recentMaintenance.map(maintenance))
        case .upcomingMaintenances:
            members["scheduled_maintenances"] = .array(environment.upcomingMaintenance.map(maintenance))
        case .activeMaintenances:
            members["scheduled_maintenances"] = .array(environment.activeMaintenance.map(maintenance))
        }
        return .object(members)
    }

    // MARK: Page and status

    var page: APIJSON {
        .object([
            "id": .string(pageID),
            "name": .string("\(snapshot.page.title) – \(environment.environment.name)"),
            "url": .string(Self.pageURL(SitePaths.environment(pageID), base: snapshot.page.url)),
            "time_zone": .string("Etc/UTC"),
            "updated_at": .time(updatedAt),
        ])
    }

    var status: APIJSON {
        .object([
            "indicator": .string(StatuspageVocabulary.indicator(environment.state)),
            "description": .string(StatuspageVocabulary.indicatorDescription(environment.state)),
        ])
    }

    // MARK: Components

    /// Groups and components in page order: each group (`group: true`, listing its members' ids),
    /// then its components. Positions are 1-based, groups among groups and components within a group.
    var components: [APIJSON] {
        var result: [APIJSON] = []
        for (groupIndex, groupStatus) in environment.groups.enumerated() {
            let members = groupStatus.components
            let groupUpdated = members.map(componentUpdatedAt).max() ?? createdAt
            result.append(.object([
                "id": .string(groupStatus.group.id.value),
                "name": .string(groupStatus.group.name),
                "status": .string(StatuspageVocabulary.componentStatus(members.map(\.state).max() ?? .operational)),
                "created_at": .time(createdAt),
                "updated_at": .time(groupUpdated),
                "position": .integer(Int64(groupIndex + 1)),
                "description": .optional(groupStatus.group.description),
                "showcase": .bool(false),
                "start_date": .null,
                "group_id": .null,
                "page_id": .string(pageID),
                "group": .bool(true),
                "only_show_if_degraded": .bool(false),
                "components": .array(members.map { .string($0.component.id.value) }),
            ]))
            for (index, member) in members.enumerated() {
                result.append(component(member, position: index + 1))
            }
        }
        return result
    }

    private func component(_ status: StatusSnapshot.ComponentStatus, position: Int) -> APIJSON {
        .object([
            "id": .string(status.component.id.value),
            "name": .string(status.component.name),
            "status": .string(StatuspageVocabulary.componentStatus(status.state)),
            "created_at": .time(createdAt),
            "updated_at": .time(componentUpdatedAt(status)),
            "position": .integer(Int64(position)),
            "description": .optional(componentDescription(status)),
            "showcase": .bool(true),
            "start_date": .null,
            "group_id": .string(status.component.group.value),
            "page_id": .string(pageID),
            "group": .bool(false),
            "only_show_if_degraded": .bool(false),
        ])
    }

    /// The component's description, then what the last probe run means for its layer's fault
    /// budget ("sequencers: 12 of 13 serving; ordering needs 9, so 3 more can fail before it halts"),
    /// so a Statuspage client sees the margin as well as the state.
    private func componentDescription(_ status: StatusSnapshot.ComponentStatus) -> String? {
        let budgets = environment.faultBudgets(of: status.component).map(\.sentence)
        let parts = [status.component.description].compactMap { $0 } + budgets.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The component objects of `ids` that are shown on this network, in page order.
    private func components(named ids: Set<String>) -> [APIJSON] {
        environment.groups.flatMap { group in
            group.components.enumerated().compactMap { index, status in
                ids.contains(status.component.id.value) ? component(status, position: index + 1) : nil
            }
        }
    }

    /// When the shown state last changed, at or before `now`.
    private func componentUpdatedAt(_ status: StatusSnapshot.ComponentStatus) -> Timestamp {
        status.stateChangedAt ?? createdAt
    }

    // MARK: Incidents

    /// Unresolved incidents, then the newest others, up to `listLimit` in all; newest first.
    private var recentIncidents: [Incident] {
        let room = max(0, Self.listLimit - environment.activeIncidents.count)
        let resolved = environment.incidents.filter(\.isResolved).prefix(room).map(\.id)
        let keep = Set(environment.activeIncidents.map(\.id) + resolved)
        return environment.incidents.filter { keep.contains($0.id) }
    }

    package func incident(_ incident: Incident) -> APIJSON {
        let impacted = incident.impact.filter { componentsByID[$0.component.value] != nil }
        let first = incident.updates.first?.at.value ?? incident.start ?? updatedAt
        let updates: [APIJSON] = incident.updates.enumerated().map { index, update in
            var affected: APIJSON = .null
            if index == 0 {
                affected = .array(impacted.map {
                    affectedComponent($0.component.value, from: .operational, to: $0.state)
                })
            } else if update.status == .resolved && incident.updates[index - 1].status != .resolved {
                affected = .array(impacted.map {
                    affectedComponent($0.component.value, from: $0.state, to: .operational)
                })
            }
            return self.update(
                id: "\(incident.id)-\(index + 1)", parent: incident.id,
                status: StatuspageVocabulary.incidentStatus(update.status), body: update.text.value,
                at: update.at.value, affected: affected)
        }
        return .object([
            "id": .string(incident.id),
            "name": .string(incident.title.value),
            "status": .string(StatuspageVocabulary.incidentStatus(of: incident)),
            "created_at": .time(first),
            "updated_at": .time(incident.updates.last?.at.value ?? first),
            "monitoring_at": .optional(incident.updates.first { $0.status == .monitoring }?.at.value),
            "resolved_at": .optional(incident.resolvedAt),
            "impact": .string(StatuspageVocabulary.indicator(incident.severity)),
            "shortlink": .string(Self.pageURL(SitePaths.incident(incident.id), base: snapshot.page.url)),
            "started_at": .time(incident.start ?? first),
            "page_id": .string(pageID),
            "incident_updates": .array(updates.reversed()),
            "components": .array(components(named: Set(impacted.map(\.component.value)))),
        ])
    }

    /// Statuspage's `affected_components` entry: which component changed, and from what to what.
    private func affectedComponent(_ id: String, from old: ComponentState, to new: ComponentState) -> APIJSON {
        .object([
            "code": .string(id),
            "name": .string(componentsByID[id]?.component.name ?? id),
            "old_status": .string(StatuspageVocabulary.componentStatus(old)),
            "new_status": .string(StatuspageVocabulary.componentStatus(new)),
        ])
    }

    private func update(
        id: String, parent: String, status: String, body: String, at time: Timestamp, affected: APIJSON
    ) -> APIJSON {
        .object([
            "id": .string(id),
            "status": .string(status),
            "body": .string(body),
            "incident_id": .string(parent),
            "created_at": .time(time),
            "updated_at": .time(time),
            "display_at": .time(time),
            "affected_components": affected,
        ])
    }

    // MARK: Scheduled maintenance

    /// Every upcoming and active window, then the most recently scheduled others, up to `listLimit`;
    /// newest `scheduled_for` first.
    private var recentMaintenance: [Maintenance] {
        let current = Set((environment.activeMaintenance + environment.upcomingMaintenance).map(\.id))
        let newestFirst = environment.maintenance.reversed()
        let room = max(0, Self.listLimit - current.count)
        let others = newestFirst.filter { !current.contains($0.id) }.prefix(room).map(\.id)
        let keep = current.union(others)
        return newestFirst.filter { keep.contains($0.id) }
    }

    package func maintenance(_ window: Maintenance) -> APIJSON {
        let now = snapshot.now
        let createdAt = Self.announcedAt(window)
        let status = window.status(at: now)
        var updates: [APIJSON] = []
        let componentIDs = window.components.map(\.value).filter { componentsByID[$0] != nil }
        let description = window.description.value.trimmingWhitespace()
        // As on Statuspage, components go under maintenance with the first `in_progress` update and
        // back to operational with the first `completed` one; a cancelled window never moved them.
        let startsWork = APIJSON.array(componentIDs.map {
            affectedComponent($0, from: .operational, to: .underMaintenance)
        })
        let endsWork = APIJSON.array(componentIDs.map {
            affectedComponent($0, from: .underMaintenance, to: .operational)
        })
        updates.append(update(
            id: "\(window.id)-scheduled", parent: window.id, status: "scheduled",
            body: description.isEmpty ? window.title.value : String(description), at: createdAt, affected: .null))
        let firstStart = window.updates.firstIndex { $0.status == .inProgress }
        let firstEnd = window.updates.firstIndex { $0.status == .completed }
        for (index, operatorUpdate) in window.updates.enumerated() {
            let affected = index == firstStart ? startsWork : index == firstEnd ? endsWork : .null
            updates.append(update(
                id: "\(window.id)-\(index + 1)", parent: window.id,
                status: StatuspageVocabulary.maintenanceStatus(operatorUpdate.status), body: operatorUpdate.text.value,
                at: operatorUpdate.at.value, affected: affected))
        }
        if window.updates.isEmpty {
            if window.start.value <= now {
                updates.append(update(
                    id: "\(window.id)-started", parent: window.id, status: "in_progress",
                    body: "The scheduled maintenance is in progress.", at: window.start.value, affected: startsWork))
            }
            if window.end.value <= now {
                updates.append(update(
                    id: "\(window.id)-completed", parent: window.id, status: "completed",
                    body: "The scheduled maintenance has been completed.", at: window.end.value, affected: endsWork))
            }
        }
        let finished = window.updates.last { $0.status == .completed || $0.status == .cancelled }?.at.value
            ?? (window.updates.isEmpty && window.end.value <= now ? window.end.value : nil)
        let times = Self.times(of: window, now: now) + [createdAt]
        return .object([
            "id": .string(window.id),
            "name": .string(window.title.value),
            "status": .string(StatuspageVocabulary.maintenanceStatus(status)),
            "created_at": .time(createdAt),
            "updated_at": .time(times.max() ?? createdAt),
            "monitoring_at": .null,
            "resolved_at": .optional([.completed, .cancelled].contains(status) ? finished : nil),
            "impact": .string(StatuspageVocabulary.indicator(window.impact.value)),
            "shortlink": .string(Self.pageURL(SitePaths.maintenance(window.id), base: snapshot.page.url)),
            "started_at": .time(window.start.value),
            "scheduled_for": .time(window.start.value),
            "scheduled_until": .time(window.end.value),
            "page_id": .string(pageID),
            "incident_updates": .array(updates.reversed()),
            "components": .array(components(named: Set(componentIDs))),
        ])
    }

    /// The first update, or else the start: the snapshot does not know when the file was committed.
    private static func announcedAt(_ window: Maintenance) -> Timestamp {
        min(window.updates.first?.at.value ?? window.start.value, window.start.value)
    }

    // MARK: Content times

    /// The times a window's content records, as of `now`: its updates, and its start and end once
    /// passed when it follows the clock.
    private static func times(of window: Maintenance, now: Timestamp) -> [Timestamp] {
        var times = window.updates.map(\.at.value)
        if window.updates.isEmpty {
            times += [window.start.value, window.end.value].filter { $0 <= now }
        }
        return times.filter { $0 <= now }
    }

    private static func contentTimes(of environment: StatusSnapshot.NetworkStatus, now: Timestamp) -> [Timestamp] {
        var times: [Timestamp] = []
        for incident in environment.incidents {
            times += incident.updates.map(\.at.value)
            if let start = incident.start { times.append(start) }
        }
        for window in environment.maintenance {
            times += Self.times(of: window, now: now)
        }
        return times.filter { $0 <= now }
    }

    /// An absolute URL; a folder's `index.html` is left off, as people link to it.
    static func pageURL(_ path: String, base: String) -> String {
        let url = SitePaths.absolute(path, base: base)
        return url.hasSuffix("/index.html") ? String(url.dropLast("index.html".count)) : url
    }
}
