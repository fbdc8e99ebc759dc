public import Model

/// Writes the text of a new, valid incident or maintenance file, as `canton-status new` does.
///
/// Values from the command line are quoted as YAML double-quoted strings, so a title with a colon or
/// a quote cannot break the file.
public enum Scaffold {
    public struct Draft: Equatable, Sendable {
        /// Repository-relative path, `incidents/2026-11-24-slug.md`.
        public var path: String
        public var text: String
    }

    public static func incident(
        title: String, environments: [String], impact: [(component: String, state: ComponentState)],
        text: String?, slug: String?, now: Timestamp
    ) -> Draft {
        let time = minutePrecision(now)
        let impactLines = impact.map { "  \(quoted($0.component)): \($0.state.rawValue)" }.joined(separator: "\n")
        let firstUpdate = text ?? "We are investigating reports of \(title.prefix(1).lowercased() + title.dropFirst())."
        let body = """
            ---
            title: \(quoted(title))
            environments: [\(environments.map(quoted).joined(separator: ", "))]
            impact:
            \(impactLines)
            updates:
              - at: \(time)
                status: investigating
                text: \(quoted(firstUpdate))
            ---

            """
        return Draft(path: "incidents/\(now.utcDay)-\(slugify(slug ?? title)).md", text: body)
    }

    public static func maintenance(
        title: String, environments: [String], components: [String], start: Timestamp, end: Timestamp,
        impact: ComponentState, references: [String], slug: String?
    ) -> Draft {
        var lines = [
            "---",
            "title: \(quoted(title))",
            "start: \(minutePrecision(start))",
            "end: \(minutePrecision(end))",
            "environments: [\(environments.map(quoted).joined(separator: ", "))]",
            "components: [\(components.map(quoted).joined(separator: ", "))]",
            "impact: \(impact.rawValue)",
        ]
        if !references.isEmpty { lines.append("references: [\(references.map(quoted).joined(separator: ", "))]") }
        lines += ["---", "", "What will happen during the window, what users should do before and after.", ""]
        return Draft(path: "maintenance/\(start.utcDay)-\(slugify(slug ?? title)).md", text: lines.joined(separator: "\n"))
    }

    /// `2026-11-24T10:05Z`: the form operators write by hand.
    static func minutePrecision(_ time: Timestamp) -> String {
        let full = time.description  // 2026-11-24T10:05:00Z
        return String(full.prefix(16)) + "Z"
    }

    /// A kebab-case slug of at most 60 characters, cut at a word boundary.
    static func slugify(_ text: String) -> String {
        var slug = Slug.kebabCased(text)
        if slug.count > 60 {
            slug = String(slug.prefix(60))
            if let cut = slug.lastIndex(of: "-") { slug = String(slug[..<cut]) }
        }
        return slug
    }

    static func quoted(_ text: String) -> String { YAMLQuoting.quoted(text) }
}
