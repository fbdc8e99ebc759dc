public import Model
public import Content

/// Reads one content file from its bytes, for tools that see files one at a time (`notify` reads
/// blobs out of git revisions) rather than a whole checkout.
///
/// It runs every rule that needs only the file itself; rules across files (references, notice from
/// git history, the clock) stay with `ContentValidator`.
public enum ContentParser {
    public struct Parsed<Document: Sendable>: Sendable {
        /// `nil` when the file is too broken to use; `diagnostics` then says why.
        public var document: Document?
        public var source: SourceText?
        public var diagnostics: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    }

    public static func incident(_ bytes: [UInt8], path: String) -> Parsed<Incident> {
        parse(bytes, path: path) { loader, source in loader.loadIncident(source) }
    }

    public static func maintenance(_ bytes: [UInt8], path: String) -> Parsed<Maintenance> {
        parse(bytes, path: path) { loader, source in loader.loadMaintenance(source) }
    }

    /// `components.yml` on its own; its internal references (groups, environments) are checked too.
    public static func configuration(_ bytes: [UInt8]) -> Parsed<Configuration> {
        let path = ConfigurationLoader.path
        let source: SourceText
        switch ContentBytes.decode(bytes, path: path) {
        case .failure(let diagnostic): return Parsed(document: nil, source: nil, diagnostics: [diagnostic])
        case .success(let text): source = text
        }
        switch YAMLDocument.parse(source.text, path: path, lineOffset: 0) {
        case .failure(let diagnostic):
            return Parsed(document: nil, source: source, diagnostics: [diagnostic])
        case .success(let root):
            var loader = ConfigurationLoader()
            let configuration = loader.load(root)
            var diagnostics = loader.reader.diagnostics
            if let configuration {
                var references = ReferenceRules(configuration: configuration)
                references.checkConfiguration()
                diagnostics += references.diagnostics
            }
            return Parsed(document: configuration, source: source, diagnostics: diagnostics)
        }
    }

    static func parse<Document: Sendable>(
        _ bytes: [UInt8], path: String, load: (inout DocumentLoader, SourceText) -> Document?
    ) -> Parsed<Document> {
        let source: SourceText
        switch ContentBytes.decode(bytes, path: path) {
        case .failure(let diagnostic): return Parsed(document: nil, source: nil, diagnostics: [diagnostic])
        case .success(let text): source = text
        }
        var loader = DocumentLoader()
        let document = load(&loader, source)
        var diagnostics = loader.diagnostics
        if let incident = document as? Incident {
            diagnostics += TextRules.rawHTML(in: incident.summary, isFileBody: true)
            for update in incident.updates { diagnostics += TextRules.rawHTML(in: update.text, isFileBody: false, source: source) }
        } else if let window = document as? Maintenance {
            diagnostics += TextRules.rawHTML(in: window.description, isFileBody: true)
            for update in window.updates { diagnostics += TextRules.rawHTML(in: update.text, isFileBody: false, source: source) }
        }
        return Parsed(document: document, source: source, diagnostics: diagnostics)
    }
}
