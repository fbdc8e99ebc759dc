@testable import Content
import Testing

/// Safe rendering of operator Markdown: what reaches the page and what is dropped.
@Suite struct MarkdownDocumentTests {
    @Test func imagesWithSafeSourcesStayAndUnsafeOnesAreRemovedWhole() {
        let html = MarkdownDocument("Before ![map](https://example.org/map.png) ![x](javascript:alert(1)) after").html()
        #expect(html.contains(#"<img src="https://example.org/map.png" alt="map" />"#))
        #expect(html.ranges(of: "<img").count == 1, "only the safe image is left: \(html)")
        #expect(!html.contains(#"src="""#))
    }

    /// The tree is walked for images only when the text holds `![`; a reference-style image counts too.
    @Test func onlyTextsWithAnImageMarkerAreWalked() {
        #expect(!MarkdownDocument.mayHoldImage("**bold**, a [link](https://example.org) and ! [not an image]"))
        #expect(MarkdownDocument.mayHoldImage("![x][ref]\n\n[ref]: javascript:alert(1)"))
        let html = MarkdownDocument("![x][ref]\n\n[ref]: javascript:alert(1)").html()
        #expect(!html.contains("<img"), "an unsafe reference-style image is removed: \(html)")
    }

    @Test func textIsFedWhole() {
        let text = "Zürich ✓ **" + String(repeating: "long ", count: 2_000) + "end**"
        let html = MarkdownDocument(text).html()
        #expect(html.hasPrefix("<p>Zürich ✓ <strong>long "))
        #expect(html.hasSuffix("end</strong></p>\n"))
    }
}
