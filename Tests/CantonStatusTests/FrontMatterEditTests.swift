import Foundation
import Testing
internal import Model
internal import Content
internal import Validation

/// `update` and `resolve` edit files operators wrote by hand: each layout gets its change at the
/// right place, everything else byte for byte, and the result parses to what was asked for.
@Suite struct FrontMatterEditTests {
    static let path = "incidents/2026-11-20-scan-latency.md"
    static let at = try! Timestamp.parse("2026-11-20T15:00Z").get()

    /// An incident with one update in the usual block layout.
    static let oneUpdate = """
        ---
        title: Scan latency
        environments: [mainnet]
        impact: {scan-api: partial-outage}
        updates:
          - at: 2026-11-20T14:05Z
            status: investigating
            text: Looking.
        ---

        """

    static func edited(_ text: String, _ change: (inout FrontMatterEdit) throws(FrontMatterEdit.Refusal) -> Void) throws -> String {
        var edit = try FrontMatterEdit(text: text, path: path)
        try change(&edit)
        return edit.text
    }

    static func incident(_ text: String) throws -> Incident {
        let parsed = ContentParser.incident(Array(text.utf8), path: path)
        #expect(parsed.errors.isEmpty, "\(parsed.errors)")
        return try #require(parsed.document)
    }

    // MARK: Updates

    @Test func anUpdateGoesAfterTheLastOneAndTheCommentsStay() throws {
        let before = """
            ---
            # Posted by the on-call SV operator.
            title: Scan latency on MainNet
            environments: [mainnet]
            impact:
              scan-api: degraded-performance   # several SVs
            updates:
              - at: 2026-11-20T14:05Z
                status: investigating
                text: >-
                  Several Scans answer slowly.
                  We are looking into it.

            # Who reported it.
            reported_by: Cumberland-1
            ---

            Root cause to follow.

            """
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "identified", text: "A disk filled up on two Scans.")
        }
        #expect(after == """
            ---
            # Posted by the on-call SV operator.
            title: Scan latency on MainNet
            environments: [mainnet]
            impact:
              scan-api: degraded-performance   # several SVs
            updates:
              - at: 2026-11-20T14:05Z
                status: investigating
                text: >-
                  Several Scans answer slowly.
                  We are looking into it.
              - at: 2026-11-20T15:00:00Z
                status: identified
                text: "A disk filled up on two Scans."

            # Who reported it.
            reported_by: Cumberland-1
            ---

            Root cause to follow.

            """)
        let incident = try Self.incident(after)
        #expect(incident.updates.map(\.status) == [.investigating, .identified])
        #expect(incident.updates[0].text.value == "Several Scans answer slowly. We are looking into it.")
        #expect(incident.reportedBy == "Cumberland-1")
    }

    @Test func anIndentlessListGetsAnIndentlessItem() throws {
        let before = """
            ---
            title: Scan latency
            environments: [mainnet]
            impact: {scan-api: partial-outage}
            updates:
            -   at: 2026-11-20T14:05Z
                status: investigating
                text: Looking.
            ---

            """
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "monitoring", text: "Fixed; watching.")
        }
        #expect(after.contains("""
                text: Looking.
            -   at: 2026-11-20T15:00:00Z
                status: monitoring
                text: "Fixed; watching."
            ---
            """))
        #expect(try Self.incident(after).updates.last?.text.value == "Fixed; watching.")
    }

    @Test func flowItemsGetAFlowItem() throws {
        let before = """
            ---
            title: Scan latency
            environments: [mainnet]
            impact: {scan-api: partial-outage}
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: Looking.}
            ---

            """
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "resolved", text: "Back to normal.")
        }
        #expect(after.contains("""
              - {at: 2026-11-20T14:05Z, status: investigating, text: Looking.}
              - {at: 2026-11-20T15:00:00Z, status: resolved, text: "Back to normal."}
            ---
            """))
        #expect(try Self.incident(after).isResolved)
    }

    @Test func aWindowWithoutUpdatesGetsTheList() throws {
        let before = """
            ---
            title: Upgrade
            start: 2026-11-20T14:00Z
            end: 2026-11-20T16:00Z
            environments: [testnet]
            components: [sequencers]
            impact: major-outage
            ---

            Body.
            """
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "in-progress", text: "Started.")
        }
        #expect(after == """
            ---
            title: Upgrade
            start: 2026-11-20T14:00Z
            end: 2026-11-20T16:00Z
            environments: [testnet]
            components: [sequencers]
            impact: major-outage
            updates:
              - at: 2026-11-20T15:00:00Z
                status: in-progress
                text: "Started."
            ---

            Body.
            """)
        let window = try #require(ContentParser.maintenance(Array(after.utf8), path: "maintenance/2026-11-20-upgrade.md").document)
        #expect(window.updates.map(\.status) == [.inProgress])
    }

    /// Text that would end a plain scalar or start a key (`: `, `#`, quotes, a leading `-`) or
    /// break out of a block reads back exactly as given.
    @Test(arguments: [
        "Cause: a full disk # not a comment",
        "- not a list item",
        "\"quoted\" and 'single' and \\ backslash",
        "Two paragraphs.\n\nThe second one, with **Markdown**.",
        "  leading spaces\nsecond line",
        "line with a tab\there\nand another",
        "ends with a newline\n",
        "   \nonly spaces on the first line",
        "a line\n   \nwith only spaces between",
        "---\nlooks like the end of front matter",
    ])
    func anyTextReadsBackAsGiven(_ text: String) throws {
        let before = Self.oneUpdate
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "identified", text: text)
        }
        let parsed = ContentParser.incident(Array(after.utf8), path: Self.path)
        let document = try #require(parsed.document, "\(parsed.diagnostics)\n\(after)")
        #expect(document.updates.last?.text.value == text, "\(after)")
        #expect(document.updates.count == 2)
    }

    @Test func multiLineTextIsALiteralBlock() throws {
        let before = Self.oneUpdate
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "identified", text: "First line.\n\nSecond paragraph.")
        }
        #expect(after.contains("""
                text: |-
                  First line.

                  Second paragraph.
            ---
            """))
    }

    @Test func aCRLFFileStaysCRLF() throws {
        let before = "---\r\ntitle: T\r\nenvironments: [mainnet]\r\nimpact: {scan-api: partial-outage}\r\nupdates:\r\n  - at: 2026-11-20T14:05Z\r\n    status: investigating\r\n    text: Looking.\r\n---\r\n"
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.appendUpdate(at: Self.at, status: "identified", text: "Found it.")
        }
        #expect(after == before.replacingOccurrences(
            of: "    text: Looking.\r\n",
            with: "    text: Looking.\r\n  - at: 2026-11-20T15:00:00Z\r\n    status: identified\r\n    text: \"Found it.\"\r\n"))
    }

    @Test func layoutsItCannotPlaceAreRefusedWithWhatToDo() throws {
        let flowList = """
            ---
            title: T
            environments: [mainnet]
            impact: {scan-api: partial-outage}
            updates: [{at: 2026-11-20T14:05Z, status: investigating, text: Looking.}]
            ---

            """
        #expect(throws: FrontMatterEdit.Refusal.self) {
            _ = try Self.edited(flowList) { edit throws(FrontMatterEdit.Refusal) in
                try edit.appendUpdate(at: Self.at, status: "identified", text: "x")
            }
        }
        let flowRoot = "---\n{title: T, environments: [mainnet], impact: {scan-api: partial-outage}, updates: []}\n---\n"
        do {
            _ = try Self.edited(flowRoot) { edit throws(FrontMatterEdit.Refusal) in
                try edit.appendUpdate(at: Self.at, status: "identified", text: "x")
            }
            Issue.record("a flow-mapping front matter was edited")
        } catch let refusal as FrontMatterEdit.Refusal {
            #expect(refusal.message.contains("one flow mapping"))
            #expect(refusal.hint.contains("one key per line"))
        }
        #expect(throws: FrontMatterEdit.Refusal.self) { try FrontMatterEdit(text: "title: no front matter\n", path: Self.path) }
    }

    // MARK: Impact

    @Test func anImpactIsChangedInPlace() throws {
        let before = """
            ---
            title: T
            environments: [mainnet]
            impact:
              sequencers: degraded-performance  # first seen at 14:00
              scan-api: "partial-outage"
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: Looking.}
            ---

            """
        let after = try Self.edited(before) { edit throws(FrontMatterEdit.Refusal) in
            try edit.setImpact("sequencers", to: "major-outage")
            try edit.setImpact("scan-api", to: "degraded-performance")
        }
        #expect(after == before
            .replacingOccurrences(of: "sequencers: degraded-performance  #", with: "sequencers: major-outage  #")
            .replacingOccurrences(of: "scan-api: \"partial-outage\"", with: "scan-api: degraded-performance"))
    }

    @Test func aNewImpactJoinsTheMappingInItsStyle() throws {
        let block = """
            ---
            title: T
            environments: [mainnet]
            impact:
              sequencers: degraded-performance
            # The timeline.
            updates:
              - {at: 2026-11-20T14:05Z, status: investigating, text: Looking.}
            ---

            """
        let blockAfter = try Self.edited(block) { edit throws(FrontMatterEdit.Refusal) in try edit.setImpact("rounds", to: "partial-outage") }
        #expect(blockAfter.contains("  sequencers: degraded-performance\n  rounds: partial-outage\n# The timeline.\n"))

        let flow = block.replacingOccurrences(of: "impact:\n  sequencers: degraded-performance\n", with: "impact: {sequencers: degraded-performance}  # so far\n")
        let flowAfter = try Self.edited(flow) { edit throws(FrontMatterEdit.Refusal) in try edit.setImpact("rounds", to: "partial-outage") }
        #expect(flowAfter.contains("impact: {sequencers: degraded-performance, rounds: partial-outage}  # so far\n"))

        let empty = flow.replacingOccurrences(of: "{sequencers: degraded-performance}", with: "{}")
        let emptyAfter = try Self.edited(empty) { edit throws(FrontMatterEdit.Refusal) in try edit.setImpact("rounds", to: "partial-outage") }
        #expect(emptyAfter.contains("impact: {rounds: partial-outage}  # so far\n"))

        let none = block.replacingOccurrences(of: "impact:\n  sequencers: degraded-performance\n", with: "")
        let noneAfter = try Self.edited(none) { edit throws(FrontMatterEdit.Refusal) in try edit.setImpact("rounds", to: "partial-outage") }
        #expect(noneAfter.contains("environments: [mainnet]\n# The timeline.\nimpact: {rounds: partial-outage}\nupdates:\n"))
        for text in [blockAfter, flowAfter, noneAfter] {
            let incident = try Self.incident(text)
            #expect(incident.impact.first { $0.component.value == "rounds" }?.state == .partialOutage)
        }
    }
}
