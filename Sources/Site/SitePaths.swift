/// Where everything lives in the built site. Every renderer links through these, so a page, a feed
/// entry and a notification always agree on an incident's address.
public enum SitePaths {
    public static let overview = "index.html"
    public static let notFound = "404.html"
    public static let stylesheet = "style.css"
    public static let sla = "sla.html"
    public static let subscribe = "subscribe.html"
    /// The SLA page's table as downloads.
    public static let slaCSV = "sla.csv"
    public static let slaJSON = "sla.json"
    public static let historyIndex = "history/index.html"
    public static let robots = "robots.txt"
    public static let sitemap = "sitemap.xml"
    public static let metrics = "metrics"

    public static func environment(_ environmentID: String) -> String { "\(environmentID)/index.html" }
    public static func component(_ componentID: String, in environmentID: String) -> String {
        "\(environmentID)/components/\(componentID).html"
    }
    public static func incident(_ incidentID: String) -> String { "incidents/\(incidentID).html" }
    public static func maintenance(_ maintenanceID: String) -> String { "maintenance/\(maintenanceID).html" }
    /// `month` is `YYYY-MM`.
    public static func history(month: String) -> String { "history/\(month).html" }

    /// Feeds for the whole site (`environmentID == nil`), a network, or a component on a network.
    public static func feed(_ format: FeedFormat, environmentID: String? = nil, componentID: String? = nil) -> String {
        switch (environmentID, componentID) {
        case let (environment?, component?): "\(environment)/components/\(component).\(format.fileExtension)"
        case let (environment?, nil): "\(environment)/feed.\(format.fileExtension)"
        default: "feed.\(format.fileExtension)"
        }
    }

    /// iCalendar of maintenance windows, whole site or one network.
    public static func calendar(environmentID: String? = nil) -> String {
        environmentID.map { "\($0)/maintenance.ics" } ?? "maintenance.ics"
    }

    /// Statuspage-compatible API file, e.g. `api(for: "mainnet", "summary.json")`.
    public static func api(for environmentID: String, _ file: String) -> String { "\(environmentID)/api/v2/\(file)" }

    /// A component's uptime over the last 90 days, in the shape of Statuspage's component uptime.
    public static func componentUptime(_ componentID: String, in environmentID: String) -> String {
        api(for: environmentID, "components/\(componentID)/uptime.json")
    }

    public static func badgeSVG(_ componentID: String, in environmentID: String) -> String {
        "\(environmentID)/badges/\(componentID).svg"
    }
    /// shields.io endpoint JSON.
    public static func badgeEndpoint(_ componentID: String, in environmentID: String) -> String {
        "\(environmentID)/badges/\(componentID).json"
    }

    /// An absolute URL under the page's base URL (`page.url`), for feeds and notifications.
    public static func absolute(_ path: String, base: String) -> String {
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let trimmedPath = path == overview ? "" : path
        return trimmedBase + "/" + trimmedPath
    }

    /// A link from the page at `from` to `to`, relative, so the site works from any folder or host
    /// (GitHub Pages project sites, `file://` previews).
    public static func relative(from: String, to: String) -> String {
        // Counted on bytes: every page link goes through here, and `split` would build an array
        // of substrings only to count them. Empty segments (`a//b`) are not counted, as `split` would not.
        var depth = 0
        var previous = UInt8(ascii: "/")
        for byte in from.utf8 {
            if byte == UInt8(ascii: "/") && previous != UInt8(ascii: "/") { depth += 1 }
            previous = byte
        }
        if previous == UInt8(ascii: "/") && depth > 0 { depth -= 1 }
        var result = ""
        result.reserveCapacity(depth * 3 + to.utf8.count)
        for _ in 0..<depth { result += "../" }
        return result + to
    }
}

public enum FeedFormat: String, CaseIterable, Sendable {
    case atom, rss, json

    public var fileExtension: String {
        switch self {
        case .atom: "atom"
        case .rss: "rss"
        case .json: "json"
        }
    }

    public var mediaType: String {
        switch self {
        case .atom: "application/atom+xml"
        case .rss: "application/rss+xml"
        case .json: "application/feed+json"
        }
    }
}
