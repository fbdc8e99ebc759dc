@testable import Notify
import Testing

/// Cutting text to a limit in the unit a receiver counts, and reading the Markdown the chat
/// services share.
@Suite struct BoundedTextTests {
    struct CutCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var limit: Int
        var unit: BoundedText.Unit
        var expected: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        CutCase(name: "fits as it is", text: "short", limit: 5, unit: .characters, expected: "short"),
        CutCase(name: "characters", text: "abcdef", limit: 4, unit: .characters, expected: "abc…"),
        CutCase(name: "a surrogate pair is one unit of two", text: "𝄞𝄞𝄞", limit: 4, unit: .utf16, expected: "𝄞…"),
        CutCase(name: "a family emoji stays whole", text: "a👩‍👩‍👧b", limit: 9, unit: .utf16, expected: "a…"),
        CutCase(name: "a combining accent stays with its letter", text: "e\u{301}e\u{301}e\u{301}", limit: 4, unit: .utf16, expected: "e\u{301}…"),
        CutCase(name: "JSON bytes count escapes", text: "<<<<", limit: 15, unit: .jsonBytes, expected: "<<…"),
    ])
    func cutsAtAWholeGrapheme(_ cut: CutCase) {
        let result = BoundedText.fitted(cut.text, to: cut.limit, in: cut.unit)
        #expect(result == cut.expected)
        #expect(BoundedText.size(result, in: cut.unit) <= cut.limit)
    }

    @Test func anEscapeIsNeverCutFromWhatItEscapes() {
        let atoms = InlineMarkup.escaped("a*b*c", DiscordMessage.markup.escaping)
        #expect(BoundedText.fitted(atoms, to: 4, in: .utf16) == "a\\*…")
        #expect(BoundedText.fitted(atoms, to: 3, in: .utf16) == "a…", "not a lone backslash")
    }

    @Test func markdownPieces() {
        #expect(InlineMarkup.pieces("See **the [runbook](https://docs.example.org/r)** at https://example.org/a_b, or [x](ftp://y) **") == [
            .text("See "), .bold, .text("the "), .link(label: "runbook", url: "https://docs.example.org/r"), .bold, .text(" at "),
            .address("https://example.org/a_b"), .text(", or [x](ftp://y) **"),
        ])
        #expect(InlineMarkup.pieces("no https:// address, xhttps://no") == [.text("no https:// address, xhttps://no")])
    }
}
