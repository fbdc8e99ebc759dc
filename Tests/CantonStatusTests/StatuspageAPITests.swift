@testable import Model
@testable import Content
@testable import Validation
@testable import Status
@testable import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// The Statuspage-compatible `api/v2/`, checked by a real consumer: Python's `jsonschema` against a
/// schema written from Statuspage's documented shapes (inline below, `statuspageSchema`).
@Suite struct StatuspageAPITests {
    /// Which schema definition each API file must satisfy.
    static let definitions: [(file: String, definition: String)] = [
        ("summary.json", "summary"),
        ("status.json", "statusDocument"),
        ("components.json", "componentsDocument"),
        ("incidents.json", "incidentsDocument"),
        ("incidents/unresolved.json", "unresolvedIncidentsDocument"),
        ("scheduled-maintenances.json", "scheduledMaintenancesDocument"),
        ("scheduled-maintenances/upcoming.json", "upcomingMaintenancesDocument"),
        ("scheduled-maintenances/active.json", "activeMaintenancesDocument"),
    ]

    @Test func everyFileMatchesStatuspageSchema() throws {
        let files = try MachineReadableFixture.render()
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        var checks: [(path: String, definition: String)] = []
        for environment in ["mainnet", "testnet"] {
            for (file, definition) in Self.definitions {
                checks.append((SitePaths.api(for: environment, file), definition))
            }
        }
        let result = try ConsumerRun.jsonSchema(checks, in: directory)
        #expect(result.status == 0, "jsonschema: \(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func schemaRejectsWrongShapes() throws {
        // Proves the schema check is real: kebab-case states, a missing field and a resolved incident
        // in unresolved.json must all fail it.
        var files = try MachineReadableFixture.render()
        let summary = SitePaths.api(for: "mainnet", "summary.json")
        let unresolved = SitePaths.api(for: "mainnet", "incidents/unresolved.json")
        files[summary] = OutputFile(path: summary, text: files[summary]!.text
            .replacingOccurrences(of: "\"partial_outage\"", with: "\"partial-outage\"")
            .replacingOccurrences(of: "\"time_zone\": \"Etc/UTC\",", with: ""))
        files[unresolved] = OutputFile(path: unresolved, text: files[unresolved]!.text
            .replacingOccurrences(of: "\"status\": \"identified\",\n", with: "\"status\": \"resolved\",\n"))
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let result = try ConsumerRun.jsonSchema([(summary, "summary"), (unresolved, "unresolvedIncidentsDocument")], in: directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("'partial-outage' is not one of"))
        #expect(result.standardOutput.contains("'time_zone' is a required property"))
        #expect(result.standardOutput.contains("\(unresolved): incidents/0/status"))
    }

    @Test func indicatorFollowsTheWorstComponent() throws {
        let files = try MachineReadableFixture.render()
        let summary = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "summary.json"))
        // scan-api has a partial outage; sequencers and validator-api are operational.
        #expect(summary["status"] as? [String: String] == ["indicator": "major", "description": "Partial System Outage"])
        let status = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "status.json"))
        #expect(NSDictionary(dictionary: status["status"] as! [String: Any]).isEqual(to: summary["status"] as! [String: Any]))
        let components = try #require(summary["components"] as? [[String: Any]])
        #expect(components.map { $0["id"] as! String } == ["synchronizer", "sequencers", "apis", "scan-api", "validator-api"])
        let scan = try #require(components.first { $0["id"] as? String == "scan-api" })
        #expect(scan["status"] as? String == "partial_outage")
        #expect(scan["group_id"] as? String == "apis")
        #expect(scan["position"] as? Int == 1)
        #expect(scan["page_id"] as? String == "mainnet")
        #expect(scan["updated_at"] as? String == "2026-11-24T10:00:00Z", "when its declared state last changed")
        let apis = try #require(components.first { $0["id"] as? String == "apis" })
        #expect(apis["group"] as? Bool == true)
        #expect(apis["components"] as? [String] == ["scan-api", "validator-api"])
        #expect(apis["status"] as? String == "partial_outage", "a group shows its worst member")
    }

    @Test(arguments: [
        (ComponentState.operational, "none"), (.underMaintenance, "none"), (.degradedPerformance, "minor"),
        (.partialOutage, "major"), (.majorOutage, "critical"),
    ])
    func indicatorMapping(state: ComponentState, indicator: String) {
        #expect(StatuspageVocabulary.indicator(state) == indicator)
        #expect(StatuspageVocabulary.componentStatus(state) == state.rawValue.replacingOccurrences(of: "-", with: "_"))
    }

    @Test func componentsAreUnderMaintenanceDuringAnActiveWindow() throws {
        let files = try MachineReadableFixture.render()
        let summary = try MachineReadableFixture.json(files, SitePaths.api(for: "testnet", "summary.json"))
        #expect(summary["status"] as? [String: String] == ["indicator": "none", "description": "Service Under Maintenance"])
        let components = try #require(summary["components"] as? [[String: Any]])
        #expect(components.first { $0["id"] as? String == "sequencers" }?["status"] as? String == "under_maintenance")

        let active = try MachineReadableFixture.json(files, SitePaths.api(for: "testnet", "scheduled-maintenances/active.json"))
        let windows = try #require(active["scheduled_maintenances"] as? [[String: Any]])
        #expect(windows.map { $0["id"] as! String } == ["2026-11-24-testnet-sequencer-upgrade"])
        let window = windows[0]
        #expect(window["status"] as? String == "in_progress")
        #expect(window["impact"] as? String == "minor")
        #expect(window["scheduled_for"] as? String == "2026-11-24T11:00:00Z")
        #expect(window["scheduled_until"] as? String == "2026-11-24T14:00:00Z")
        #expect(window["resolved_at"] is NSNull)
        #expect(window["shortlink"] as? String == "https://status.example.org/maintenance/2026-11-24-testnet-sequencer-upgrade.html")
        // Without operator updates: the announcement, then the clock's start; newest first.
        let updates = try #require(window["incident_updates"] as? [[String: Any]])
        #expect(updates.map { $0["status"] as! String } == ["in_progress", "scheduled"])
        #expect(updates.last?["body"] as? String == "The sequencers move to the new release.")
        #expect(updates.last?["affected_components"] is NSNull, "announcing changes no component")
        let started = try #require(updates.first?["affected_components"] as? [[String: String]])
        #expect(started == [["code": "sequencers", "name": "Sequencers", "old_status": "operational", "new_status": "under_maintenance"]])
        #expect((window["components"] as? [[String: Any]])?.map { $0["status"] as! String } == ["under_maintenance"])
    }

    @Test func upcomingAndCancelledMaintenance() throws {
        let files = try MachineReadableFixture.render()
        func ids(_ file: String) throws -> [String] {
            let document = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", file))
            return (document["scheduled_maintenances"] as? [[String: Any]] ?? []).map { $0["id"] as! String }
        }
        #expect(try ids("scheduled-maintenances/upcoming.json") == ["2026-12-10-validator-upgrade"])
        #expect(try ids("scheduled-maintenances/active.json") == [])
        #expect(try ids("scheduled-maintenances.json") == ["2026-12-10-validator-upgrade", "2026-12-01-scan-migration"])
        let summary = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "summary.json"))
        #expect((summary["scheduled_maintenances"] as? [[String: Any]])?.map { $0["id"] as! String } == ["2026-12-10-validator-upgrade"])

        let all = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "scheduled-maintenances.json"))
        let windows = try #require(all["scheduled_maintenances"] as? [[String: Any]])
        let upcoming = windows[0]
        #expect(upcoming["status"] as? String == "scheduled")
        #expect(upcoming["impact"] as? String == "critical")
        // Statuspage has no "cancelled": the window is over, with the operator's words.
        let cancelled = windows[1]
        #expect(cancelled["status"] as? String == "completed")
        #expect(cancelled["resolved_at"] as? String == "2026-11-22T09:00:00Z")
        #expect((cancelled["incident_updates"] as? [[String: Any]])?.first?["body"] as? String == "Cancelled: the migration moves to January.")
    }

    @Test func unresolvedHoldsOnlyUnresolvedIncidents() throws {
        let files = try MachineReadableFixture.render()
        let unresolved = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "incidents/unresolved.json"))
        let open = try #require(unresolved["incidents"] as? [[String: Any]])
        #expect(open.map { $0["id"] as! String } == ["2026-11-24-scan-api-errors"])
        #expect(open[0]["status"] as? String == "identified")
        #expect(open[0]["impact"] as? String == "major")
        #expect(open[0]["resolved_at"] is NSNull)
        #expect(open[0]["shortlink"] as? String == "https://status.example.org/incidents/2026-11-24-scan-api-errors.html")
        let summary = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "summary.json"))
        #expect((summary["incidents"] as? [[String: Any]])?.map { $0["id"] as! String } == ["2026-11-24-scan-api-errors"])
        let testnet = try MachineReadableFixture.json(files, SitePaths.api(for: "testnet", "incidents/unresolved.json"))
        #expect((testnet["incidents"] as? [Any])?.isEmpty == true)

        let all = try MachineReadableFixture.json(files, SitePaths.api(for: "mainnet", "incidents.json"))
        let incidents = try #require(all["incidents"] as? [[String: Any]])
        #expect(incidents.map { $0["id"] as! String } == ["2026-11-24-scan-api-errors", "2026-11-20-sequencer-outage"])
        let resolved = incidents[1]
        #expect(resolved["status"] as? String == "postmortem", "resolved, with a post-incident summary")
        #expect(resolved["impact"] as? String == "critical")
        #expect(resolved["started_at"] as? String == "2026-11-20T14:05:00Z")
        #expect(resolved["monitoring_at"] as? String == "2026-11-20T15:00:00Z")
        #expect(resolved["resolved_at"] as? String == "2026-11-20T16:00:00Z")
        let updates = try #require(resolved["incident_updates"] as? [[String: Any]])
        #expect(updates.map { $0["status"] as! String } == ["resolved", "monitoring", "investigating"], "newest first")
        #expect(updates.map { $0["id"] as! String } == [
            "2026-11-20-sequencer-outage-3", "2026-11-20-sequencer-outage-2", "2026-11-20-sequencer-outage-1",
        ])
        let opened = try #require((updates[2]["affected_components"] as? [[String: String]])?.first)
        #expect(opened == ["code": "sequencers", "name": "Sequencers", "old_status": "operational", "new_status": "major_outage"])
        #expect(updates[1]["affected_components"] is NSNull)
    }

    @Test(arguments: [("", "resolved"), ("<!-- TODO: root cause -->\n", "resolved"), ("The disk filled up.\n", "postmortem")])
    func resolvedIsPostmortemOnlyWithASummary(body: String, status: String) throws {
        var files = MachineReadableFixture.files
        files["incidents/2026-11-20-sequencer-outage.md"] = incident(
            title: "Sequencers unreachable",
            updates: """
                  - {at: 2026-11-20T14:05Z, status: investigating, text: Down.}
                  - {at: 2026-11-20T16:00Z, status: resolved, text: Back.}
                """,
            body: body)
        let rendered = try MachineReadableFixture.render(files)
        let all = try MachineReadableFixture.json(rendered, SitePaths.api(for: "mainnet", "incidents.json"))
        let resolved = (all["incidents"] as? [[String: Any]])?.first { $0["id"] as? String == "2026-11-20-sequencer-outage" }
        #expect(resolved?["status"] as? String == status)
    }

    @Test func incidentListKeepsFiftyAndEveryUnresolved() throws {
        var files = MachineReadableFixture.files
        let first = try Timestamp.parse("2026-08-01T09:00Z").get()
        for index in 0..<60 {
            let start = first.adding(seconds: Int64(index) * 86_400)
            files["incidents/\(start.utcDay)-blip.md"] = incident(
                title: "Blip \(index)", impact: "{scan-api: degraded-performance}",
                updates: """
                      - {at: \(start), status: investigating, text: Slow.}
                      - {at: \(start.adding(seconds: 600)), status: resolved, text: Fine.}
                    """)
        }
        let rendered = try MachineReadableFixture.render(files)
        let all = try MachineReadableFixture.json(rendered, SitePaths.api(for: "mainnet", "incidents.json"))
        let ids = try #require(all["incidents"] as? [[String: Any]]).map { $0["id"] as! String }
        #expect(ids.count == 50)
        #expect(ids.first == "2026-11-24-scan-api-errors", "the unresolved one, newest first")
        #expect(ids.contains("2026-11-20-sequencer-outage"))
        #expect(ids.last == "2026-08-13-blip", "the oldest twelve blips fall off")
    }

    @Test func componentOnOneNetworkAppearsOnlyThere() throws {
        let files = try MachineReadableFixture.render()
        let testnet = try MachineReadableFixture.json(files, SitePaths.api(for: "testnet", "components.json"))
        let components = try #require(testnet["components"] as? [[String: Any]])
        #expect(components.map { $0["id"] as! String } == ["synchronizer", "sequencers", "apis", "scan-api"])
        #expect(components.first { $0["id"] as? String == "apis" }?["components"] as? [String] == ["scan-api"])
        #expect(files[SitePaths.badgeSVG("validator-api", in: "testnet")] == nil)
        #expect(files[SitePaths.badgeSVG("validator-api", in: "mainnet")] != nil)
        let page = try #require(testnet["page"] as? [String: String])
        #expect(page == [
            "id": "testnet", "name": "Canton Network Status – TestNet", "url": "https://status.example.org/testnet/",
            "time_zone": "Etc/UTC", "updated_at": "2026-11-24T11:00:00Z",
        ])
    }

    @Test func pageUpdatedAtIsContentTimeNotTheClock() throws {
        let early = try MachineReadableFixture.render(now: MachineReadableFixture.now)
        let later = try MachineReadableFixture.render(now: MachineReadableFixture.now.adding(seconds: 600))
        let path = SitePaths.api(for: "mainnet", "status.json")
        #expect(early[path] == later[path], "nothing in the content changed in those ten minutes")
        let page = try MachineReadableFixture.json(early, path)["page"] as? [String: String]
        #expect(page?["updated_at"] == "2026-11-24T11:00:00Z", "the active incident's latest update")
    }

    @Test func everyPathComesFromSitePaths() throws {
        let files = try MachineReadableFixture.render()
        var expected = Set([SitePaths.metrics, SitePaths.slaCSV, SitePaths.slaJSON])
        for (environment, components) in [("mainnet", ["sequencers", "scan-api", "validator-api"]), ("testnet", ["sequencers", "scan-api"])] {
            for (file, _) in Self.definitions { expected.insert(SitePaths.api(for: environment, file)) }
            for component in components {
                expected.insert(SitePaths.badgeSVG(component, in: environment))
                expected.insert(SitePaths.badgeEndpoint(component, in: environment))
                expected.insert(SitePaths.componentUptime(component, in: environment))
            }
        }
        #expect(Set(files.keys) == expected)
    }

    @Test func rendersIdenticalBytesTwice() throws {
        // Two validations and two snapshots, so nothing is shared but the inputs.
        let first = MachineReadableRenderer.render(try MachineReadableFixture.snapshot())
        let second = MachineReadableRenderer.render(try MachineReadableFixture.snapshot())
        #expect(first == second)
        #expect(first.map(\.path) == first.map(\.path).sorted())
        let hostile = MachineReadableRenderer.render(try MachineReadableFixture.snapshot(MachineReadableFixture.hostileFiles))
        #expect(hostile == MachineReadableRenderer.render(try MachineReadableFixture.snapshot(MachineReadableFixture.hostileFiles)))
    }

    @Test func hostileTextStaysValidEscapedJSON() throws {
        let files = try MachineReadableFixture.render(MachineReadableFixture.hostileFiles)
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let checks = Self.definitions.map { (SitePaths.api(for: "mainnet", $0.file), $0.definition) }
        let result = try ConsumerRun.jsonSchema(checks, in: directory)
        #expect(result.status == 0, "jsonschema: \(result.standardOutput)\(result.standardError)")

        let path = SitePaths.api(for: "mainnet", "summary.json")
        let raw = files[path]!.text
        for unescaped in ["<script>", "</script>", "\u{202E}", "back\\slash\n"] {
            #expect(!raw.contains(unescaped), "raw \(unescaped.debugDescription) in the JSON")
        }
        #expect(raw.contains("\\u003cscript\\u003e"))
        #expect(raw.contains("\\u202e"))
        #expect(raw.contains("\\\"quoted\\\""))
        #expect(raw.contains("back\\\\slash\\nline two"))
        // A parser reads back exactly what the operator wrote.
        let summary = try MachineReadableFixture.json(files, path)
        let incident = try #require((summary["incidents"] as? [[String: Any]])?.first)
        #expect(incident["name"] as? String == MachineReadableFixture.hostileText)
        let component = (summary["components"] as? [[String: Any]])?.first { $0["id"] as? String == "scan-api" }
        #expect(component?["name"] as? String == MachineReadableFixture.hostileText)
        let update = (incident["incident_updates"] as? [[String: Any]])?.first
        #expect(update?["body"] as? String == MachineReadableFixture.hostileText)
    }

    @Test func jsonEscapesEveryControlAndFormatCharacter() {
        #expect(APIJSON.quoted("a\u{0}b\u{1F}c\u{7F}") == #""a\u0000b\u001fc\u007f""#)
        #expect(APIJSON.quoted("\u{2028}\u{2029}\u{200D}\u{FEFF}") == #""\u2028\u2029\u200d\ufeff""#)
        #expect(APIJSON.quoted("\u{E0001}") == #""\udb40\udc01""#, "a format character beyond the BMP as a surrogate pair")
        #expect(APIJSON.quoted("Zürich ✓ 🚀") == "\"Zürich ✓ 🚀\"")
        #expect(APIJSON.object(["b": .null, "a": .array([]), "B": .object([:])]).encoded() == """
            {
              "B": {},
              "a": [],
              "b": null
            }

            """)
    }
}

// MARK: - Fixture shared by the API, badge and metrics tests

/// Inline content with every case the machine-readable outputs tell apart, validated for real.
///
/// At `now` (2026-11-24T12:00Z): on MainNet an unresolved partial outage of `scan-api`, an upcoming
/// window on `validator-api` (MainNet only) and a cancelled one on `scan-api`; on both networks a
/// resolved major outage of `sequencers` with a post-incident summary; on TestNet an active window on
/// `sequencers`.
enum MachineReadableFixture {
    static let now = fixedNow

    static func configuration(scanName: String = "Scan API") -> String {
        """
        page: {title: Canton Network Status, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "https://scan.sv-1.global.canton.network.sync.global"}
          - {id: testnet, name: TestNet, scan: "https://scan.sv-1.test.global.canton.network.sync.global"}
        groups:
          - {id: synchronizer, name: Global Synchronizer, description: Ordering and round progression.}
          - {id: apis, name: APIs}
        components:
          - {id: sequencers, name: Sequencers, group: synchronizer, description: "Every SV's sequencer.", checks: [{type: sequencers}]}
          - {id: scan-api, name: \(scanName), group: apis, sla: 99.9%, checks: [{type: scans, path: /api/scan/readyz}]}
          - {id: validator-api, name: Validator API, group: apis, environments: [mainnet]}

        """
    }

    static let files: [String: String] = [
        "components.yml": configuration(),
        "incidents/2026-11-24-scan-api-errors.md": """
            ---
            title: Scan API errors on MainNet
            environments: [mainnet]
            impact: {scan-api: partial-outage}
            updates:
              - {at: 2026-11-24T10:00Z, status: investigating, text: Some Scan instances return 503.}
              - {at: 2026-11-24T11:00Z, status: identified, text: A faulty deploy on two SVs.}
            ---

            """,
        "incidents/2026-11-20-sequencer-outage.md": """
            ---
            title: Sequencers unreachable
            environments: [mainnet, testnet]
            impact: {sequencers: major-outage}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: Sequencers are unreachable.}
              - {at: 2026-11-20T15:00Z, status: monitoring, text: A fix is deployed.}
              - {at: 2026-11-20T16:00Z, status: resolved, text: All sequencers are back.}
            ---
            ## What happened
            A TLS certificate expired.

            """,
        "maintenance/2026-11-24-testnet-sequencer-upgrade.md": """
            ---
            title: TestNet sequencer upgrade
            start: 2026-11-24T11:00Z
            end: 2026-11-24T14:00Z
            environments: [testnet]
            components: [sequencers]
            impact: degraded-performance
            ---
            The sequencers move to the new release.

            """,
        "maintenance/2026-12-10-validator-upgrade.md": """
            ---
            title: Validator API upgrade
            start: 2026-12-10T14:00Z
            end: 2026-12-10T16:00Z
            environments: [mainnet]
            components: [validator-api]
            impact: major-outage
            ---
            The validator API is down during the upgrade.

            """,
        "maintenance/2026-12-01-scan-migration.md": """
            ---
            title: Scan database migration
            start: 2026-12-01T10:00Z
            end: 2026-12-01T12:00Z
            environments: [mainnet]
            components: [scan-api]
            impact: partial-outage
            updates:
              - {at: 2026-11-20T10:00Z, status: scheduled, text: The Scan database moves to new storage.}
              - {at: 2026-11-22T09:00Z, status: cancelled, text: "Cancelled: the migration moves to January."}
            ---

            """,
    ]

    /// Markup, quotes, a backslash, a line break and U+202E RIGHT-TO-LEFT OVERRIDE.
    static let hostileText = "<script>alert('x')</script> \"quoted\" back\\slash\nline two \u{202E}desrever"
    /// `hostileText` as a YAML double-quoted scalar.
    static let hostileYAML = #""<script>alert('x')</script> \"quoted\" back\\slash\nline two \u202Edesrever""#

    /// The hostile text as a component name, an incident title and an update.
    static var hostileFiles: [String: String] {
        var files = files
        files["components.yml"] = configuration(scanName: hostileYAML)
        files["incidents/2026-11-24-scan-api-errors.md"] = """
            ---
            title: \(hostileYAML)
            environments: [mainnet]
            impact: {scan-api: partial-outage}
            updates:
              - {at: 2026-11-24T10:00Z, status: investigating, text: \(hostileYAML)}
            ---

            """
        return files
    }

    /// Every maintenance file was committed long before its window, so notice rules hold.
    static func history(_ files: [String: String]) -> FixedHistory {
        let committed = try! Timestamp.parse("2026-11-01T00:00Z").get()
        var times: [String: Timestamp] = [:]
        for path in files.keys where path.hasPrefix("maintenance/") { times[path] = committed }
        return FixedHistory(commits: FirstCommits(times: times))
    }

    static func snapshot(_ files: [String: String] = files, now: Timestamp = now) throws -> StatusSnapshot {
        let report = try ContentValidator(now: now).validate(InMemoryFileSystem(files), history: history(files))
        let errors = report.diagnostics.filter { $0.severity == .error }
        try #require(errors.isEmpty, "fixture content must be valid: \(errors)")
        let content = try #require(report.content)
        return StatusSnapshot(content: content, now: now)
    }

    /// The rendered files by path.
    static func render(_ files: [String: String] = files, now: Timestamp = now) throws -> [String: OutputFile] {
        let output = MachineReadableRenderer.render(try snapshot(files, now: now))
        return Dictionary(output.map { ($0.path, $0) }) { first, _ in first }
    }

    static func json(_ files: [String: OutputFile], _ path: String) throws -> [String: Any] {
        let file = try #require(files[path], "no \(path)")
        return try #require(try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
    }

    /// The files in a fresh temporary directory; the caller removes it.
    static func write(_ files: [String: OutputFile]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "canton-status-api")
        for file in files.values { try directory.write(file.path, bytes: file.bytes) }
        return directory
    }
}

/// The real consumers, run as subprocesses with a bounded wait (`ProcessRunner` kills a hung one).
/// `scripts/setup --test` installs them (Python `jsonschema`, Debian `prometheus` for promtool).
enum ConsumerRun {
    static let timeout: TimeInterval = 60


    /// Validates each file against `#/$defs/<definition>` of the schema with Draft 2020-12; prints one
    /// line per error (`path: json/pointer: message`), exits 1 if there was any. Duplicate keys count
    /// as errors too: Python would silently keep the last one.
    static let jsonSchemaScript = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        def no_duplicates(pairs):
            keys = [key for key, _ in pairs]
            if len(keys) != len(set(keys)):
                raise ValueError("duplicate keys: %r" % keys)
            return dict(pairs)
        failures = 0
        for argument in sys.argv[2:]:
            path, definition = argument.rsplit("=", 1)
            try:
                with open(path, encoding="utf-8") as handle:
                    instance = json.load(handle, object_pairs_hook=no_duplicates)
            except ValueError as error:
                failures += 1
                print("%s: not JSON: %s" % (path, error))
                continue
            validator = Draft202012Validator(dict(schema, **{"$ref": "#/$defs/" + definition}))
            for error in validator.iter_errors(instance):
                failures += 1
                print("%s: %s: %s" % (path, "/".join(map(str, error.absolute_path)), error.message))
        sys.exit(1 if failures else 0)
        """

    /// Runs `jsonSchemaScript` on site-relative paths under `directory`; output paths are site-relative.
    static func jsonSchema(_ checks: [(path: String, definition: String)], in directory: TemporaryDirectory) throws -> ProcessResult {
        try requireTool("python3", "-c", "import jsonschema")
        let schemaPath = "statuspage-v2.schema.json"
        try directory.write(schemaPath, statuspageSchema)
        return try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", jsonSchemaScript, schemaPath] + checks.map { "\($0.path)=\($0.definition)" },
            in: directory.url, timeout: timeout)
    }

    /// Runs Python on `script` with `arguments`, in `directory`.
    static func python(_ script: String, _ arguments: [String], in directory: TemporaryDirectory) throws -> ProcessResult {
        try requireTool("python3", "-c", "import xml.etree.ElementTree")
        return try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments, in: directory.url, timeout: timeout)
    }

    /// `promtool check metrics`, which reads the exposition text on standard input.
    static func promtool(_ path: String, in directory: TemporaryDirectory) throws -> ProcessResult {
        try requireTool("promtool", "--version")
        return try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "exec promtool check metrics < \"$1\"", "sh", path],
            in: directory.url, timeout: timeout)
    }

    /// Fails the test, with how to fix it, when a consumer is not installed.
    private static func requireTool(_ tool: String, _ arguments: String...) throws {
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, timeout: timeout)
        try #require(result.status == 0, "\(tool) is missing or broken (run scripts/setup --test): \(result.standardError)")
    }
}

extension ConsumerRun {
    /// Statuspage's public API v2 as a JSON Schema (Draft 2020-12), written from its documented
    /// responses, plus shields.io's endpoint-badge schema. Inline rather than a resource file because
    /// the test target declares no resources for it.
    static let statuspageSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://canton-status.invalid/schemas/statuspage-v2.schema.json",
          "title": "Statuspage public API v2, as canton-status publishes it",
          "description": "Written from Statuspage's documented v2 responses (summary, status, components, incidents, scheduled-maintenances). Objects are closed (additionalProperties: false) so a misspelt field fails. Validate a file against #/$defs/<document>.",
          "$defs": {
            "time": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"},
            "nullableTime": {"anyOf": [{"$ref": "#/$defs/time"}, {"type": "null"}]},
            "id": {"type": "string", "minLength": 1},
            "componentStatus": {"enum": ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]},
            "indicator": {"enum": ["none", "minor", "major", "critical"]},
            "page": {
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "name", "url", "time_zone", "updated_at"],
              "properties": {
                "id": {"$ref": "#/$defs/id"},
                "name": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "time_zone": {"const": "Etc/UTC"},
                "updated_at": {"$ref": "#/$defs/time"}
              }
            },
            "status": {
              "type": "object",
              "additionalProperties": false,
              "required": ["indicator", "description"],
              "properties": {
                "indicator": {"$ref": "#/$defs/indicator"},
                "description": {"type": "string", "minLength": 1}
              }
            },
            "component": {
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
                           "start_date", "group_id", "page_id", "group", "only_show_if_degraded"],
              "properties": {
                "id": {"$ref": "#/$defs/id"},
                "name": {"type": "string"},
                "status": {"$ref": "#/$defs/componentStatus"},
                "created_at": {"$ref": "#/$defs/time"},
                "updated_at": {"$ref": "#/$defs/time"},
                "position": {"type": "integer", "minimum": 1},
                "description": {"type": ["string", "null"]},
                "showcase": {"type": "boolean"},
                "start_date": {"anyOf": [{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}, {"type": "null"}]},
                "group_id": {"type": ["string", "null"]},
                "page_id": {"$ref": "#/$defs/id"},
                "group": {"type": "boolean"},
                "only_show_if_degraded": {"type": "boolean"},
                "components": {"type": "array", "items": {"$ref": "#/$defs/id"}}
              },
              "if": {"properties": {"group": {"const": true}}},
              "then": {"required": ["components"], "properties": {"group_id": {"type": "null"}}},
              "else": {"not": {"required": ["components"]}, "properties": {"group_id": {"type": "string"}}}
            },
            "affectedComponent": {
              "type": "object",
              "additionalProperties": false,
              "required": ["code", "name", "old_status", "new_status"],
              "properties": {
                "code": {"$ref": "#/$defs/id"},
                "name": {"type": "string"},
                "old_status": {"$ref": "#/$defs/componentStatus"},
                "new_status": {"$ref": "#/$defs/componentStatus"}
              }
            },
            "incidentUpdate": {
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components"],
              "properties": {
                "id": {"$ref": "#/$defs/id"},
                "status": {"type": "string"},
                "body": {"type": "string"},
                "incident_id": {"$ref": "#/$defs/id"},
                "created_at": {"$ref": "#/$defs/time"},
                "updated_at": {"$ref": "#/$defs/time"},
                "display_at": {"$ref": "#/$defs/time"},
                "affected_components": {"anyOf": [{"type": "null"}, {"type": "array", "items": {"$ref": "#/$defs/affectedComponent"}}]}
              }
            },
            "incidentFields": {
              "required": ["id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
                           "shortlink", "started_at", "page_id", "incident_updates", "components"],
              "properties": {
                "id": {"$ref": "#/$defs/id"},
                "name": {"type": "string"},
                "status": {"type": "string"},
                "created_at": {"$ref": "#/$defs/time"},
                "updated_at": {"$ref": "#/$defs/time"},
                "monitoring_at": {"$ref": "#/$defs/nullableTime"},
                "resolved_at": {"$ref": "#/$defs/nullableTime"},
                "impact": {"type": "string"},
                "shortlink": {"type": "string", "pattern": "^https?://"},
                "started_at": {"$ref": "#/$defs/time"},
                "page_id": {"$ref": "#/$defs/id"},
                "incident_updates": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/incidentUpdate"}},
                "components": {"type": "array", "items": {"$ref": "#/$defs/component"}}
              }
            },
            "incident": {
              "type": "object",
              "$ref": "#/$defs/incidentFields",
              "unevaluatedProperties": false,
              "properties": {
                "status": {"enum": ["investigating", "identified", "monitoring", "resolved", "postmortem"]},
                "impact": {"$ref": "#/$defs/indicator"},
                "incident_updates": {"items": {"properties": {"status": {"enum": ["investigating", "identified", "monitoring", "resolved", "postmortem"]}}}}
              }
            },
            "unresolvedIncident": {
              "$ref": "#/$defs/incident",
              "properties": {"status": {"enum": ["investigating", "identified", "monitoring"]}, "resolved_at": {"type": "null"}}
            },
            "scheduledMaintenance": {
              "type": "object",
              "$ref": "#/$defs/incidentFields",
              "unevaluatedProperties": false,
              "required": ["scheduled_for", "scheduled_until"],
              "properties": {
                "status": {"enum": ["scheduled", "in_progress", "verifying", "completed"]},
                "impact": {"enum": ["none", "minor", "major", "critical", "maintenance"]},
                "scheduled_for": {"$ref": "#/$defs/time"},
                "scheduled_until": {"$ref": "#/$defs/time"},
                "incident_updates": {"items": {"properties": {"status": {"enum": ["scheduled", "in_progress", "verifying", "completed"]}}}}
              }
            },
            "upcomingMaintenance": {"$ref": "#/$defs/scheduledMaintenance", "properties": {"status": {"const": "scheduled"}}},
            "activeMaintenance": {"$ref": "#/$defs/scheduledMaintenance", "properties": {"status": {"enum": ["in_progress", "verifying"]}}},

            "summary": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "status", "components", "incidents", "scheduled_maintenances"],
              "properties": {
                "page": {"$ref": "#/$defs/page"},
                "status": {"$ref": "#/$defs/status"},
                "components": {"type": "array", "items": {"$ref": "#/$defs/component"}},
                "incidents": {"type": "array", "items": {"$ref": "#/$defs/unresolvedIncident"}},
                "scheduled_maintenances": {"type": "array", "items": {
                  "$ref": "#/$defs/scheduledMaintenance", "properties": {"status": {"enum": ["scheduled", "in_progress", "verifying"]}}}}
              }
            },
            "statusDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "status"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "status": {"$ref": "#/$defs/status"}}
            },
            "componentsDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "components"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "components": {"type": "array", "items": {"$ref": "#/$defs/component"}}}
            },
            "incidentsDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "incidents"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "incidents": {"type": "array", "maxItems": 50, "items": {"$ref": "#/$defs/incident"}}}
            },
            "unresolvedIncidentsDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "incidents"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "incidents": {"type": "array", "items": {"$ref": "#/$defs/unresolvedIncident"}}}
            },
            "scheduledMaintenancesDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "scheduled_maintenances"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "scheduled_maintenances": {"type": "array", "items": {"$ref": "#/$defs/scheduledMaintenance"}}}
            },
            "upcomingMaintenancesDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "scheduled_maintenances"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "scheduled_maintenances": {"type": "array", "items": {"$ref": "#/$defs/upcomingMaintenance"}}}
            },
            "activeMaintenancesDocument": {
              "type": "object",
              "additionalProperties": false,
              "required": ["page", "scheduled_maintenances"],
              "properties": {"page": {"$ref": "#/$defs/page"}, "scheduled_maintenances": {"type": "array", "items": {"$ref": "#/$defs/activeMaintenance"}}}
            },

            "shieldsEndpoint": {
              "description": "shields.io endpoint badge schema (https://shields.io/badges/endpoint-badge).",
              "type": "object",
              "additionalProperties": false,
              "required": ["schemaVersion", "label", "message"],
              "properties": {
                "schemaVersion": {"const": 1},
                "label": {"type": "string"},
                "message": {"type": "string", "minLength": 1},
                "color": {"type": "string", "minLength": 1},
                "labelColor": {"type": "string"},
                "isError": {"type": "boolean"},
                "namedLogo": {"type": "string"},
                "logoSvg": {"type": "string"},
                "logoColor": {"type": "string"},
                "logoWidth": {"type": "integer"},
                "style": {"enum": ["plastic", "flat", "flat-square", "for-the-badge", "social"]},
                "cacheSeconds": {"type": "integer", "minimum": 300}
              }
            }
          }
        }
        """#
}
