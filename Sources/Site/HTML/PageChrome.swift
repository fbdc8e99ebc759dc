import Synchronization

/// The parts every page repeats (the feed links in `<head>`, the site header with the network
/// links, the footer), rendered once per build for each place a page can be, instead of once per
/// page.
///
/// They depend only on the way back to the site's root and on which network a page belongs to, so
/// ten thousand incident pages share one rendering; before, they were a third of each page's
/// template work. Templates receive them as `{{{chrome.head}}}`, `{{{chrome.header}}}` and
/// `{{{chrome.footer}}}` (see `head.mustache` and `footer.mustache`); their source is the
/// `chrome-*.mustache` templates, so operators restyle them like any other part.
final class PageChrome: Sendable {
    /// Where a page sits: everything the shared parts depend on.
    struct Place: Hashable, Sendable {
        var root: String
        var environmentID: String?
    }

    static let templateNames = ["head": "chrome-head", "header": "chrome-header", "footer": "chrome-footer"]

    private let templates: SiteTemplates
    private let rendered = Mutex<[Place: TemplateNode]>([:])

    init(templates: SiteTemplates) {
        self.templates = templates
    }

    /// The shared parts for `place`, rendering them from `context(place)` the first time. Two
    /// threads may both render a place they ask for at once; the results are identical.
    func pieces(for place: Place, context: (Place) -> TemplateNode) -> TemplateNode {
        if let cached = rendered.withLock({ $0[place] }) { return cached }
        let shared = context(place)
        var pieces: TemplateNode = [:]
        for (key, template) in Self.templateNames { pieces.set(key, templates.renderPart(template, shared)) }
        rendered.withLock { $0[place] = pieces }
        return pieces
    }
}
