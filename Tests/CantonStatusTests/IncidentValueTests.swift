
import Testing
internal import Model

/// `Incident` shares its fields between copies; it must still behave as a value.
@Suite struct IncidentValueTests {
    @Test func changingACopyLeavesTheOriginalAsItWas() {
        let original = EventDetectorTests.incident([("2026-11-24T10:00Z", "investigating")])
        var copy = original
        copy.title.value = "Renamed"
        copy.updates[0].text.value = "Corrected."
        copy.updates.append(.init(at: copy.updates[0].at, status: .resolved, text: copy.updates[0].text))
        #expect(original.title.value == "Scan errors")
        #expect(original.updates.count == 1)
        #expect(original.updates[0].text.value == "Update at 2026-11-24T10:00Z.")
        #expect(copy.title.value == "Renamed" && copy.updates.count == 2 && copy.isResolved)
    }

    @Test func aCopyChangedTwiceKeepsBothChanges() {
        var incident = EventDetectorTests.incident([("2026-11-24T10:00Z", "investigating")])
        let before = incident
        incident.reportedBy = "SV-1"
        incident.automated = true
        #expect(incident.reportedBy == "SV-1" && incident.automated)
        #expect(before.reportedBy == nil && !before.automated)
    }
}
