internal import Model

/// The Scan documents discovery reads, parsed into values that honest Scans answer identically.
///
/// Each value keeps only what the prober relies on, in a canonical order (sorted by SV name, then
/// URL), so that two Scans that agree compare equal even when they list SVs in another order and
/// differ in fields that move every tick (the latest round in `/v0/dso`). A quorum is then a count of
/// equal values (`QuorumRead`). Parsing is tolerant of extra fields and strict about the ones used:
/// a document without them is not a vote.
enum NetworkDocuments {
    // MARK: /v0/dso

    /// `GET /api/scan/v0/dso` (or the DSO mirror, which publishes the same shape).
    struct DSO: Hashable, Sendable {
        struct SV: Hashable, Sendable {
            var name: String
            /// The Scan this SV publishes in its `SvNodeState`, or `nil` when it publishes none.
            var scan: String?
        }

        /// Every SV in `dso_rules.payload.svs`: the authoritative SV set, sorted by name.
        var svs: [SV]
        /// `voting_threshold`: the votes (and the ordering quorum) the DSO needs now.
        var votingThreshold: Int?
        /// `config.decentralizedSynchronizer.activeSynchronizerId`.
        var activeSynchronizer: String?
        /// `config.nextScheduledLogicalSynchronizerUpgrade`.
        var logicalUpgrade: LogicalUpgrade?
        /// `config.nextScheduledSynchronizerUpgrade`: the hard migration of Splice before 0.6.2.
        var migration: Migration?
    }

    struct LogicalUpgrade: Hashable, Sendable {
        var topologyFreezeTime: Timestamp
        var upgradeTime: Timestamp
        var serial: Int?
        var protocolVersion: String?
    }

    struct Migration: Hashable, Sendable {
        var time: Timestamp
        var migrationID: Int?
    }

    static func dso(_ root: Any) -> DSO? {
        guard let rules = firstValue(["dso_rules.contract.payload", "dso_rules.payload"], in: root),
              let members = ResponseJSON.value(at: "svs", in: rules) else { return nil }
        var names: [String] = []
        for (_, info) in damlMap(members) {
            guard let name = ResponseJSON.value(at: "name", in: info).map(ResponseJSON.text), !name.isEmpty else { return nil }
            names.append(name)
        }
        guard !names.isEmpty else { return nil }
        let active = ResponseJSON.value(at: "config.decentralizedSynchronizer.activeSynchronizerId", in: rules).map(ResponseJSON.text)

        // Each SV's Scan from its node state, on the active synchronizer when it says which.
        var scans: [String: String] = [:]
        for state in ResponseJSON.value(at: "sv_node_states", in: root) as? [Any] ?? [] {
            guard let payload = firstValue(["contract.payload", "payload"], in: state),
                  let name = ResponseJSON.value(at: "svName", in: payload).map(ResponseJSON.text) else { continue }
            let nodes = ResponseJSON.value(at: "state.synchronizerNodes", in: payload).map(damlMap) ?? []
            let onActive = nodes.first { active == nil || ResponseJSON.text($0.key) == active } ?? nodes.first
            if let node = onActive?.value, let url = ResponseJSON.value(at: "scan.publicUrl", in: node).map(ResponseJSON.text), !url.isEmpty {
                scans[name] = trimmed(url)
            }
        }

        let config = ResponseJSON.value(at: "config", in: rules)
        var logical: LogicalUpgrade?
        if let upgrade = config.flatMap({ ResponseJSON.value(at: "nextScheduledLogicalSynchronizerUpgrade", in: $0) }),
           let freeze = time(ResponseJSON.value(at: "topologyFreezeTime", in: upgrade)),
           let at = time(ResponseJSON.value(at: "upgradeTime", in: upgrade)) {
            logical = LogicalUpgrade(
                topologyFreezeTime: freeze, upgradeTime: at,
                serial: ResponseJSON.value(at: "newPhysicalSynchronizerSerial", in: upgrade).flatMap { Int(ResponseJSON.text($0)) },
                // A number on the wire; kept only as digits, since it reaches CI logs and the page.
                protocolVersion: ResponseJSON.value(at: "newPhysicalSynchronizerProtocolVersion", in: upgrade)
                    .flatMap { Int(ResponseJSON.text($0)) }.map(String.init))
        }
        var migration: Migration?
        if let upgrade = config.flatMap({ ResponseJSON.value(at: "nextScheduledSynchronizerUpgrade", in: $0) }),
           let at = time(ResponseJSON.value(at: "time", in: upgrade)) {
            migration = Migration(time: at, migrationID: ResponseJSON.value(at: "migrationId", in: upgrade).flatMap { Int(ResponseJSON.text($0)) })
        }
        return DSO(
            svs: names.sorted().map { DSO.SV(name: $0, scan: scans[$0]) },
            votingThreshold: ResponseJSON.value(at: "voting_threshold", in: root).flatMap { Int(ResponseJSON.text($0)) },
            activeSynchronizer: active, logicalUpgrade: logical, migration: migration)
    }

    // MARK: /v0/scans

    struct Endpoint: Hashable, Sendable, Comparable {
        var sv: String
        var url: String

        static func < (lhs: Endpoint, rhs: Endpoint) -> Bool { (lhs.sv, lhs.url) < (rhs.sv, rhs.url) }
    }

    /// `GET /api/scan/v0/scans`: the Scans of the active synchronizer's group (every group when no
    /// group carries that id: a Scan from before the synchronizer id was known).
    static func scans(_ root: Any, synchronizer: String?) -> [Endpoint]? {
        guard let groups = ResponseJSON.value(at: "scans", in: root) as? [Any] else { return nil }
        let chosen = groupsOf(groups, synchronizer: synchronizer)
        var endpoints: [Endpoint] = []
        for group in chosen {
            for entry in ResponseJSON.value(at: "scans", in: group) as? [Any] ?? [] {
                guard let url = ResponseJSON.value(at: "publicUrl", in: entry).map(ResponseJSON.text), !url.isEmpty,
                      let name = ResponseJSON.value(at: "svName", in: entry).map(ResponseJSON.text) else { continue }
                endpoints.append(Endpoint(sv: name, url: trimmed(url)))
            }
        }
        return Array(Set(endpoints)).sorted()
    }

    // MARK: /v0/dso-sequencers

    /// One entry of `/v0/dso-sequencers`. Since Splice 0.6.2 (logical synchronizer upgrades) an
    /// entry either names a physical synchronizer `serial` (with `migrationId: -1`) or is a legacy
    /// entry of a hard migration.
    struct SequencerEntry: Hashable, Sendable, Comparable {
        var sv: String
        var url: String
        /// `-1` on serial entries.
        var migrationID: Int
        var serial: Int?
        /// `nil` for `OffsetDateTime.MIN` (`-999999999-01-01T00:00:00+18:00`), which Splice writes
        /// for a previous migration's entries: "available since always".
        var availableAfter: Timestamp?

        static func < (lhs: SequencerEntry, rhs: SequencerEntry) -> Bool {
            (lhs.sv, lhs.url, lhs.migrationID, lhs.serial ?? -1) < (rhs.sv, rhs.url, rhs.migrationID, rhs.serial ?? -1)
        }
    }

    static func sequencers(_ root: Any, synchronizer: String?) -> [SequencerEntry]? {
        guard let groups = ResponseJSON.value(at: "domainSequencers", in: root) as? [Any] else { return nil }
        var entries: [SequencerEntry] = []
        for group in groupsOf(groups, synchronizer: synchronizer) {
            for entry in ResponseJSON.value(at: "sequencers", in: group) as? [Any] ?? [] {
                guard let url = ResponseJSON.value(at: "url", in: entry).map(ResponseJSON.text), !url.isEmpty,
                      let name = ResponseJSON.value(at: "svName", in: entry).map(ResponseJSON.text),
                      let migration = ResponseJSON.value(at: "migrationId", in: entry).flatMap({ Int(ResponseJSON.text($0)) }) else { continue }
                let after = ResponseJSON.value(at: "availableAfter", in: entry).map(ResponseJSON.text) ?? ""
                let availableAfter: Timestamp?
                if after.hasPrefix("-") {
                    availableAfter = nil
                } else if case .success(let time) = Timestamp.parse(after) {
                    availableAfter = time
                } else {
                    continue
                }
                let serial = ResponseJSON.value(at: "synchronizerSerial", in: entry).flatMap { Int(ResponseJSON.text($0)) }
                entries.append(SequencerEntry(sv: name, url: trimmed(url), migrationID: migration, serial: serial, availableAfter: availableAfter))
            }
        }
        return Array(Set(entries)).sorted()
    }

    // MARK: /v0/active-synchronizer-serial

    static func activeSerial(_ root: Any) -> Int? {
        ResponseJSON.value(at: "serial", in: root).flatMap { Int(ResponseJSON.text($0)) }
    }

    // MARK: Helpers

    /// A Daml map as Scan writes it (an array of `[key, value]` pairs), or a JSON object.
    static func damlMap(_ value: Any) -> [(key: Any, value: Any)] {
        if let pairs = value as? [Any] {
            return pairs.compactMap { pair in
                guard let pair = pair as? [Any], pair.count == 2 else { return nil }
                return (pair[0], pair[1])
            }
        }
        if let object = value as? [String: Any] {
            return object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return []
    }

    private static func groupsOf(_ groups: [Any], synchronizer: String?) -> [Any] {
        guard let synchronizer else { return groups }
        let matching = groups.filter { ResponseJSON.value(at: "domainId", in: $0).map(ResponseJSON.text) == synchronizer }
        return matching.isEmpty ? groups : matching
    }

    private static func firstValue(_ paths: [String], in root: Any) -> Any? {
        for path in paths { if let value = ResponseJSON.value(at: path, in: root) { return value } }
        return nil
    }

    private static func time(_ value: Any?) -> Timestamp? {
        guard let value, case .success(let time) = Timestamp.parse(ResponseJSON.text(value)) else { return nil }
        return time
    }

    /// `host:port` of a Scan URL, lower-cased: the identity a vote counts under.
    static func scanIdentity(_ url: String) -> String {
        (URLText.hostAndPort(of: url).map(String.init) ?? url).lowercased()
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}
