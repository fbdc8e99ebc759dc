internal import Foundation

/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
///
/// Encoded with sorted keys so the same feed gives the same bytes. `<`, `>`, `&`, U+2028 and U+2029 are
/// written as `\u` escapes: the parsed strings are unchanged, but the file contains no markup at all, so
/// it stays inert even if someone embeds it in an HTML page. Items carry a `_canton_status` extension
/// object (kind, status, networks, components) for programs that filter.
enum JSONFeed {
    struct Document: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var homePageURL: String
        var feedURL: String
        var description: String
        var authors: [Author]
        var items: [Item]

        enum CodingKeys: String, CodingKey {
            case version, title, description, authors, items
            case homePageURL = "home_page_url", feedURL = "feed_url"
        }
    }

    struct Author: Encodable {
        var name: String
        var url: String
    }

    struct Item: Encodable {
        var id: String
        var url: String
        var title: String
        var contentHTML: String
        var datePublished: String
        var dateModified: String
        var tags: [String]
        var extensionData: Extension

        enum CodingKeys: String, CodingKey {
            case id, url, title, tags
            case contentHTML = "content_html", datePublished = "date_published", dateModified = "date_modified"
            case extensionData = "_canton_status"
        }
    }

    struct Extension: Encodable {
        var kind: String
        var status: String
        var environments: [String]
        var components: [String]
    }

    static func render(_ feed: Feed) -> String {
        let document = Document(
            title: FeedText.clean(feed.title), homePageURL: feed.homePageURL, feedURL: feed.url(.json),
            description: FeedText.clean(feed.description),
            authors: [Author(
                name: FeedText.clean(feed.author), url: SitePaths.absolute(SitePaths.overview, base: feed.baseURL))],
            items: feed.entries.map { entry in
                Item(
                    id: entry.id, url: entry.link, title: FeedText.clean(entry.title),
                    contentHTML: FeedText.clean(entry.contentHTML),
                    datePublished: FeedTime.rfc3339(entry.date), dateModified: FeedTime.rfc3339(entry.date),
                    tags: entry.categories,
                    extensionData: Extension(
                        kind: entry.kind.rawValue, status: entry.status,
                        environments: entry.environmentIDs, components: entry.componentIDs))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays of them cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return inert(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// Replaces characters that only ever occur inside JSON strings with their `\u` escapes. Works
    /// on UTF-8 bytes: `<`, `>` and `&` are one byte each, U+2028 and U+2029 are `E2 80 A8` and `E2 80 A9`.
    static func inert(_ json: String) -> String {
        let source = Array(json.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count + 64)
        var index = 0
        while index < source.count {
            let byte = source[index]
            index += 1
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "\\u003c".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "\\u003e".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "\\u0026".utf8)
            case 0xE2 where index + 1 < source.count && source[index] == 0x80 && (source[index + 1] == 0xA8 || source[index + 1] == 0xA9):
                bytes.append(contentsOf: source[index + 1] == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8)
                index += 2
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
