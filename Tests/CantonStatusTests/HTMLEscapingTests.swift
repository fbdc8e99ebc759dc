@testable import Site
import Testing

/// The escaping of every `{{…}}` in the site's templates.
@Suite struct HTMLEscapingTests {
    @Test func markupCharactersBecomeTheEntitiesMustacheWrites() {
        #expect(HTMLEscaping.escaped(#"<a href="x" onclick='y'>&amp;</a>"#)
            == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
    }

    @Test func textWithoutMarkupIsReturnedAsItIs() {
        for text in ["", "2026-11-24T12:00:00Z", "Zürich café ✓ 日本", "../incidents/2026-11-03-x.html"] {
            #expect(HTMLEscaping.escaped(text) == text)
        }
    }

    /// A grapheme comparison misses `"` followed by a combining mark; bytes do not.
    @Test func aQuoteWithAGluedMarkIsStillEscaped() {
        let glued = String(String.UnicodeScalarView(["\"", "\u{301}"]))
        #expect(HTMLEscaping.escaped("x\(glued) onload=y") == "x&quot;\u{301} onload=y")
        #expect(!HTMLEscaping.escaped("é<\u{20DD}").contains("<"))
    }
}
