internal import Model

/// A state as templates see it: `{id, word, icon, summary, badge}`, built once per build for each
/// of the five states and shared by every page.
///
/// `badge` is `state.mustache` rendered for that state (the coloured word with its icon), so the
/// templates show a state with one `{{{severity.badge}}}` instead of repeating the span, and a
/// build renders five badges instead of one for every incident, row and component shown.
struct StateBadges: Sendable {
    static let templateName = "state"

    private let nodes: [ComponentState: TemplateNode]

    init(templates: SiteTemplates) {
        var nodes: [ComponentState: TemplateNode] = [:]
        for state in ComponentState.allCases {
            let (word, icon) = (state.label, Presentation.icon(state))
            nodes[state] = [
                "id": state.rawValue, "word": word, "icon": icon, "summary": Presentation.summary(state),
                "badge": templates.renderPart(Self.templateName, ["id": state.rawValue, "word": word, "icon": icon]),
            ]
        }
        self.nodes = nodes
    }

    subscript(state: ComponentState) -> TemplateNode {
        nodes[state] ?? [:]
    }
}
