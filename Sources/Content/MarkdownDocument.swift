internal import CCmarkGFM
internal import Foundation

/// One parsed Markdown text, owning its cmark-gfm parser and node tree.
///
/// Parsing uses cmark-gfm's default (safe) options with the `table`, `strikethrough`, `autolink` and
/// `tasklist` extensions. Safe mode is the security boundary for everything operators write: raw HTML
/// becomes a comment and `javascript:`/`data:` link targets become empty. Never add `CMARK_OPT_UNSAFE`.
///
/// Not `Sendable`: the C tree is mutable and owned by this instance; create one per text and thread.
public final class MarkdownDocument {
    /// A position in the Markdown text, 1-based, as cmark reports it.
    public struct Position: Hashable, Sendable {
        public var line: Int
        public var column: Int
    }

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// cmark-gfm's extension registry is global; register it once, thread-safely, via a lazy static.
    private static let registerExtensions: Void = cmark_gfm_core_extensions_ensure_registered()

    private let parser: OpaquePointer
    private let root: OpaquePointer
    private let text: String

    public init(_ text: String) {
        self.text = text
        _ = Self.registerExtensions
        let parser: OpaquePointer = cmark_parser_new(CMARK_OPT_DEFAULT)
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var contiguous = text
        contiguous.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                if let start = characters.baseAddress { cmark_parser_feed(parser, start, characters.count) }
            }
        }
        self.parser = parser
        root = cmark_parser_finish(parser)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// Where raw HTML appears; safe rendering will show none of it. Columns are converted from
    /// cmark's UTF-8 byte counts to Unicode scalars, like every other column we report.
    public var rawHTMLPositions: [Position] {
        var positions: [Position] = []
        walk { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                positions.append(Position(line: Int(cmark_node_get_start_line(node)),
                                          column: Int(cmark_node_get_start_column(node))))
            }
        }
        guard !positions.isEmpty else { return [] }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return positions.map { position in
            guard position.line >= 1, position.line <= lines.count else { return position }
            let prefix = lines[position.line - 1].prefix(max(0, position.column - 1))
            let scalars = prefix.reduce(0) { count, byte in (byte & 0xC0) == 0x80 ? count : count + 1 }
            return Position(line: position.line, column: scalars + 1)
        }
    }

    /// Safe HTML: raw HTML omitted, unsafe links emptied, and images whose source safe mode would
    /// empty removed altogether (an `<img src="">` is invalid HTML and a broken picture).
    public func html() -> String {
        var unsafeImages: [OpaquePointer] = []
        // Every image starts with `![`; most texts have none, and then the tree need not be walked.
        if Self.mayHoldImage(text) {
            walk { node in
                if cmark_node_get_type(node) == CMARK_NODE_IMAGE {
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    if !Self.isSafeURL(url) { unsafeImages.append(node) }
                }
            }
        }
        for image in unsafeImages {
            cmark_node_unlink(image)
            cmark_node_free(image)
        }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(root, CMARK_OPT_DEFAULT, extensions) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Whether the text contains `![`, without which cmark makes no image node.
    static func mayHoldImage(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "[") && previous == UInt8(ascii: "!") { return true }
            previous = byte
        }
        return false
    }

    /// The same test cmark applies in safe mode: no `javascript:`, `vbscript:`, `file:` or `data:`
    /// (except a few image types), and not empty.
    static func isSafeURL(_ url: String) -> Bool {
        let lowered = url.trimmingCharacters(in: .whitespaces).lowercased()
        if lowered.isEmpty { return false }
        for scheme in ["javascript:", "vbscript:", "file:"] where lowered.hasPrefix(scheme) { return false }
        if lowered.hasPrefix("data:") {
            return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        }
        return true
    }

    private func walk(_ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }
}
