/// RSS 2.0, with an `atom:link rel="self"` as the RSS Advisory Board recommends.
///
/// `description` holds the entry's safe HTML escaped as character data (never CDATA, so `]]>` in content
/// has nothing to break). `lastBuildDate` is the newest entry's time, not the build clock.
enum RSSFeed {
    static func render(_ feed: Feed) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <channel>\n"
        xml += "    " + XMLEscaping.element("title", feed.title) + "\n"
        xml += "    " + XMLEscaping.element("link", feed.homePageURL) + "\n"
        xml += "    " + XMLEscaping.element("description", feed.description) + "\n"
        xml += "    " + XMLEscaping.emptyElement("atom:link", attributes: [
            ("href", feed.url(.rss)), ("rel", "self"), ("type", FeedFormat.rss.mediaType)]) + "\n"
        xml += "    " + XMLEscaping.element("lastBuildDate", FeedTime.rfc822(feed.updated)) + "\n"
        xml += "    " + XMLEscaping.element("pubDate", FeedTime.rfc822(feed.updated)) + "\n"
        xml += "    " + XMLEscaping.element("generator", "canton-status") + "\n"
        xml += "    " + XMLEscaping.element("docs", "https://www.rssboard.org/rss-specification") + "\n"
        for entry in feed.entries {
            xml += "    <item>\n"
            xml += "      " + XMLEscaping.element("title", entry.title) + "\n"
            xml += "      " + XMLEscaping.element("link", entry.link) + "\n"
            xml += "      " + XMLEscaping.element("guid", entry.id, attributes: [("isPermaLink", "false")]) + "\n"
            xml += "      " + XMLEscaping.element("pubDate", FeedTime.rfc822(entry.date)) + "\n"
            for category in entry.categories {
                xml += "      " + XMLEscaping.element("category", category) + "\n"
            }
            xml += "      " + XMLEscaping.element("description", entry.contentHTML) + "\n"
            xml += "    </item>\n"
        }
        xml += "  </channel>\n"
        xml += "</rss>\n"
        return xml
    }
}
