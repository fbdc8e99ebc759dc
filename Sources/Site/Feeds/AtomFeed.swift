/// Atom 1.0 (RFC 4287).
///
/// Entry content is `type="html"`: the safe HTML escaped as character data, which every Atom reader
/// unescapes once and then sanitizes. Titles are `type="text"` (the default), so markup in a title is
/// shown as written, never interpreted.
enum AtomFeed {
    static func render(_ feed: Feed) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  " + XMLEscaping.element("id", feed.url(.atom)) + "\n"
        xml += "  " + XMLEscaping.element("title", feed.title) + "\n"
        xml += "  " + XMLEscaping.element("subtitle", feed.description) + "\n"
        xml += "  " + XMLEscaping.element("updated", FeedTime.rfc3339(feed.updated)) + "\n"
        xml += "  " + XMLEscaping.emptyElement("link", attributes: [
            ("rel", "self"), ("type", FeedFormat.atom.mediaType), ("href", feed.url(.atom))]) + "\n"
        xml += "  " + XMLEscaping.emptyElement("link", attributes: [
            ("rel", "alternate"), ("type", "text/html"), ("href", feed.homePageURL)]) + "\n"
        xml += "  <author>" + XMLEscaping.element("name", feed.author)
            + XMLEscaping.element("uri", SitePaths.absolute(SitePaths.overview, base: feed.baseURL)) + "</author>\n"
        xml += "  " + XMLEscaping.element("generator", "canton-status") + "\n"
        for entry in feed.entries {
            xml += "  <entry>\n"
            xml += "    " + XMLEscaping.element("id", entry.id) + "\n"
            xml += "    " + XMLEscaping.element("title", entry.title) + "\n"
            xml += "    " + XMLEscaping.emptyElement("link", attributes: [
                ("rel", "alternate"), ("type", "text/html"), ("href", entry.link)]) + "\n"
            xml += "    " + XMLEscaping.element("published", FeedTime.rfc3339(entry.date)) + "\n"
            xml += "    " + XMLEscaping.element("updated", FeedTime.rfc3339(entry.date)) + "\n"
            for category in entry.categories {
                xml += "    " + XMLEscaping.emptyElement("category", attributes: [("term", category)]) + "\n"
            }
            xml += "    " + XMLEscaping.element("content", entry.contentHTML, attributes: [("type", "html")]) + "\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }
}
