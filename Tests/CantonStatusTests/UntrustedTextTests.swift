@testable import Status
import Testing

/// Text from history (remote servers) and from content, before the renderers escape it.
@Suite struct UntrustedTextTests {
    static let gluedQuote = String(String.UnicodeScalarView(["\"", "\u{301}"]))

    @Test func historyTextLosesControlsOverridesAndGluedMarks() {
        #expect(HistoryText.clean("Cumberland-1", limit: 120) == "Cumberland-1")
        #expect(HistoryText.clean("a\nb\tc\u{0}", limit: 120) == "a b c ")
        #expect(HistoryText.clean("\u{202E}1-VS\u{2066}", limit: 120) == "1-VS")
        #expect(HistoryText.clean("x\(Self.gluedQuote) onload=y", limit: 120) == "x\" onload=y")
        #expect(HistoryText.clean("Zürich café ✓", limit: 120) == "Zürich café ✓", "accents on letters stay")
        #expect(HistoryText.clean("<\u{20DD}>", limit: 120) == "<>", "an enclosing mark joins markup too")
        #expect(HistoryText.clean(String(repeating: "a", count: 200), limit: 10) == "aaaaaaaaaa…")
    }
}
