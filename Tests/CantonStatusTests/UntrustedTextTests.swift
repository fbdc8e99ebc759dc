@testable import CantonStatus
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
        #expect(HistoryText.clean(String(repeating: "a", count: 200), limit: 10) == "aaaaaaaaaa…")
    }

    /// Regression: swift-mustache compares `Character`s with `"`, and `"` + U+0301 is one
    /// character that is not `"`, so the pair reached an attribute unescaped and ended it.
    @Test func markupCharactersStandAloneForTheEscaper() {
        #expect(MarkupGraphemes.separated("plain \"text\" & <b>") == "plain \"text\" & <b>")
        let attack = "Main\(Self.gluedQuote) onmouseover=alert(1) x=\(Self.gluedQuote)Net"
        let separated = MarkupGraphemes.separated(attack)
        #expect(separated == "Main\" onmouseover=alert(1) x=\"Net")
        #expect(separated.filter { $0 == "\"" }.count == 2, "each quote is its own Character again")
        #expect(MarkupGraphemes.separated("<\u{20DD}>") == "<>")
        #expect(MarkupGraphemes.separated("é and \u{65}\u{301}") == "é and \u{65}\u{301}", "marks on letters stay")
    }
}
