internal import Model

/// One feed before it is written in a format: what it covers, its title and its entries.
struct Feed: Sendable {
    enum Scope: Sendable, Hashable {
        case site
        case environment(String)
        case component(String, environment: String)

        var environmentID: String? {
            switch self {
            case .site: nil
            case .environment(let environment), .component(_, let environment): environment
            }
        }

        var componentID: String? {
            if case .component(let component, _) = self { return component }
            return nil
        }
    }

    /// Readers want recent news; older entries stay on the site's pages and history archive.
    static let maximumEntries = 50

    var scope: Scope
    var title: String
    var description: String
    /// Absolute URL of the HTML page the feed is about.
    var homePageURL: String
    /// The page's base URL, for each format's own absolute `self` link.
    var baseURL: String
    /// The page title, as the feed's author.
    var author: String
    /// Newest first, at most `maximumEntries`.
    var entries: [FeedEntry]
    /// The newest entry's time, or the snapshot's time for an empty feed; never the build clock, so
    /// the same content always gives the same bytes.
    var updated: Timestamp

    /// Site-relative path of this feed in `format`.
    func path(_ format: FeedFormat) -> String {
        SitePaths.feed(format, environmentID: scope.environmentID, componentID: scope.componentID)
    }

    func url(_ format: FeedFormat) -> String { SitePaths.absolute(path(format), base: baseURL) }
}
