/// Plain text of a Markdown text, for places that show no HTML (iCalendar DESCRIPTION).
///
/// It reads the *safe* HTML `MarkdownDocument.html()` produces, rather than walking cmark's tree a second
/// way, so the one security boundary (raw HTML dropped, `javascript:` links emptied) applies here too: a
/// calendar client that renders HTML in descriptions (several do) sees only text. cmark's HTML is regular
/// (every `<` that is not a tag is escaped, attribute values are quoted and escaped), which is what makes
/// this small reader sufficient. Links keep their target as `text <url>`; images become their alt text.
enum FeedPlainText {
    static func fromMarkdown(_ markdown: String) -> String {
        fromSafeHTML(FeedEntryBuilder.html(markdown))
    }

    static func fromSafeHTML(_ html: String) -> String {
        var output = ""
        var preformatted = 0
        var links: [(href: String, start: Int)] = []  // start: UTF-8 offset of the link text
        var listDepth = 0
        var index = html.startIndex

        func appendText(_ text: String) {
            if preformatted > 0 {
                output += text
                return
            }
            for character in text {
                if character.isWhitespace {
                    if output.isEmpty || output.last == " " || output.last == "\n" { continue }
                    output.append(" ")
                } else {
                    output.append(character)
                }
            }
        }
        func endLine(blank: Bool) {
            while output.last == " " { output.removeLast() }
            if output.isEmpty { return }
            if !output.hasSuffix("\n") { output += "\n" }
            if blank && !output.hasSuffix("\n\n") { output += "\n" }
        }

        while index < html.endIndex {
            guard html[index] == "<" else {
                let next = html[index...].firstIndex(of: "<") ?? html.endIndex
                appendText(decodeEntities(html[index..<next]))
                index = next
                continue
            }
            if html[index...].hasPrefix("<!--") {
                let rest = html[index...]
                index = rest.firstRange(of: "-->")?.upperBound ?? html.endIndex
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else { break }
            let tag = html[html.index(after: index)..<close]
            index = html.index(after: close)
            let isClosing = tag.hasPrefix("/")
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
            switch (name, isClosing) {
            case ("p", false), ("blockquote", false), ("table", false):
                endLine(blank: listDepth == 0)
            case ("p", true), ("blockquote", true), ("table", true), ("h1", true), ("h2", true), ("h3", true),
                 ("h4", true), ("h5", true), ("h6", true):
                endLine(blank: listDepth == 0)
            case ("h1", false), ("h2", false), ("h3", false), ("h4", false), ("h5", false), ("h6", false):
                endLine(blank: true)
            case ("pre", false):
                endLine(blank: true)
                preformatted += 1
            case ("pre", true):
                preformatted = max(0, preformatted - 1)
                endLine(blank: true)
            case ("ul", false), ("ol", false):
                endLine(blank: listDepth == 0)
                listDepth += 1
            case ("ul", true), ("ol", true):
                listDepth = max(0, listDepth - 1)
                endLine(blank: listDepth == 0)
            case ("li", false):
                endLine(blank: false)
                output += String(repeating: "  ", count: max(0, listDepth - 1)) + "- "
            case ("li", true), ("tr", true):
                endLine(blank: false)
            case ("td", true), ("th", true):
                output += "\t"
            case ("br", _):
                while output.last == " " { output.removeLast() }
                output += "\n"
            case ("hr", _):
                endLine(blank: true)
                output += "---"
                endLine(blank: true)
            case ("img", _):
                appendText(attribute("alt", in: tag) ?? "")
            case ("input", _):
                appendText(tag.contains("checked") ? "[x] " : "[ ] ")
            case ("a", false):
                links.append((attribute("href", in: tag) ?? "", output.utf8.count))
            case ("a", true):
                guard let link = links.popLast() else { break }
                let text = String(decoding: output.utf8.dropFirst(min(link.start, output.utf8.count)), as: UTF8.self)
                if !link.href.isEmpty && text != link.href && link.href != "mailto:" + text {
                    appendText(" <\(link.href)>")
                }
            default:
                break
            }
        }
        while output.last?.isWhitespace == true { output.removeLast() }
        return output
    }

    /// The decoded value of `name="…"` in a tag's text.
    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return decodeEntities(rest[..<end])
    }

    /// The entities cmark writes: the four it escapes, `&#39;`, and numeric references.
    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            case "nbsp": decoded = "\u{00A0}"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String($0) }
                }
            }
            if let decoded {
                result += decoded
                index = text.index(after: semicolon)
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }
}
