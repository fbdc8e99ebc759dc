internal import Foundation
internal import Model
internal import Content
internal import Site

/// One message for an SMTP server: the envelope and the RFC 5322 text, lines ending in CRLF.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var recipients: [String]
    /// Headers and body, CRLF line endings, not yet dot-stuffed (the SMTP client does that).
    public var data: String
}

/// An e-mail for an event, for mailing lists such as a validator-announce list.
///
/// - `multipart/alternative`: a plain-text part for list archives and terminals, an HTML part whose
///   update text went through the same safe Markdown renderer as the site.
/// - `Message-ID` is derived from the event id, and `In-Reply-To`/`References` name the first mail of
///   the incident or window, so every mail client threads one incident's mails together, across
///   runs and retries.
/// - `List-Id` (RFC 2919) names the page and its host, so subscribers can filter every mail of it
///   with one rule; with a mailing list in `page.subscribe`, `List-Subscribe` and `List-Unsubscribe`
///   (RFC 2369) give its URLs, and mail clients show an unsubscribe button. Without an
///   `unsubscribe:` URL an `https:` `join:` page stands for both (a list's web page is where one
///   leaves it too); a `mailto:` join address never does, since writing to it would subscribe.
/// - Header values are single lines (a newline in a title cannot add headers) and non-ASCII text is
///   encoded as RFC 2047 words; bodies are base64, so no line is too long for any server.
enum EmailMessage: MessageFormat {
    static func send(_ event: NotificationEvent, to target: ResolvedTarget, context: MessageContext,
                     over transport: DeliveryTransport) async -> DeliveryOutcome {
        let mail = message(for: event, from: target.target.from ?? "", to: target.target.to, sentAt: context.sentAt, page: context.page)
        return await transport.mail(mail, target.endpoint)
    }

    static func message(for event: NotificationEvent, from: String, to recipients: [String], sentAt: Timestamp, page: Page) -> MailMessage {
        let host = Self.host(of: page.url)
        let subject = event.subject
        let rootEventID = subject.kind == .incident ? "incident/\(subject.id)/0" : "maintenance/\(subject.id)/scheduled"
        let boundary = "=_canton-status_" + messageIDLocalPart(event.id).replacingOccurrences(of: ".", with: "_")
        var headers: [(String, String)] = [
            ("From", EventWording.singleLine(from)),
            ("To", recipients.map(EventWording.singleLine).joined(separator: ", ")),
            ("Subject", encodedWords(EventWording.summary(event))),
            ("Date", FeedTime.rfc822(sentAt)),
            ("Message-ID", messageID(event.id, host: host)),
        ]
        if event.id != rootEventID {
            headers.append(("In-Reply-To", messageID(rootEventID, host: host)))
            headers.append(("References", messageID(rootEventID, host: host)))
        }
        headers.append(("List-Id", listID(title: page.title, host: host)))
        let list = page.subscribe?.mailingList
        let leave = unsubscribeURL(list)
        if let list { headers.append(("List-Subscribe", "<\(list.join)>")) }
        if let leave { headers.append(("List-Unsubscribe", "<\(leave)>")) }
        headers += [
            ("MIME-Version", "1.0"),
            ("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
            ("Auto-Submitted", "auto-generated"),
            ("X-Canton-Status-Event", event.kind.rawValue),
        ]
        var lines = headers.map { "\($0.0): \($0.1)" }
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, body) in [("text/plain", plainText(event, unsubscribe: leave)), ("text/html", html(event, unsubscribe: leave))] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines += base64Lines(body)
        }
        lines.append("--\(boundary)--")
        return MailMessage(from: from, recipients: recipients, data: lines.joined(separator: "\r\n") + "\r\n")
    }

    /// Where a reader leaves the list: its `unsubscribe:` URL, else an `https:` `join:` page.
    static func unsubscribeURL(_ list: MailingList?) -> String? {
        guard let list else { return nil }
        if let unsubscribe = list.unsubscribe { return unsubscribe }
        return list.join.lowercased().hasPrefix("https://") ? list.join : nil
    }

    static func plainText(_ event: NotificationEvent, unsubscribe: String? = nil) -> String {
        let subject = event.subject
        var lines = [EventWording.singleLine(subject.title), "", "\(EventWording.headline(event)) — \(FeedTime.readable(event.occurredAt))"]
        lines += EventWording.facts(event).map { "\($0.label): \($0.value)" }
        let text = subject.text.trimmingWhitespace()
        if !text.isEmpty { lines += ["", String(text)] }
        lines += ["", "Details: \(subject.url)"]
        if let unsubscribe { lines += ["", "-- ", "To stop these mails: \(unsubscribe)"] }
        return lines.joined(separator: "\n") + "\n"
    }

    static func html(_ event: NotificationEvent, unsubscribe: String? = nil) -> String {
        let subject = event.subject
        func escape(_ text: String) -> String { XMLEscaping.text(text) }
        let table = EventWording.facts(event).map { "<tr><th align=\"left\">\(escape($0.label))</th><td>\(escape($0.value))</td></tr>" }
            .joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(escape(EventWording.singleLine(subject.title)))</title></head>
            <body>
            <h1>\(escape(EventWording.icon(event))) \(escape(EventWording.headline(event))): \(escape(subject.title))</h1>
            <p><time datetime="\(event.occurredAt)">\(escape(FeedTime.readable(event.occurredAt)))</time></p>
            <table>
            \(table)
            </table>
            \(MarkdownDocument(subject.text).html())
            <p><a href="\(escape(subject.url))">View on the status page</a></p>
            \(unsubscribe.map { "<p><small><a href=\"\(escape($0))\">Stop these mails</a></small></p>\n" } ?? "")</body></html>

            """
    }

    // MARK: Encoding

    /// `<incident.2026-11-20-slug.0@status.example.org>`: stable for the event, valid as a msg-id.
    static func messageID(_ eventID: String, host: String) -> String { "<\(messageIDLocalPart(eventID))@\(host)>" }

    private static func messageIDLocalPart(_ eventID: String) -> String {
        String(eventID.unicodeScalars.map { scalar -> Character in
            if scalar == "/" { return "." }
            let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "-"
        })
    }

    /// `"Canton Network Status" <status.example.org>`: the page's title in words, then the page's
    /// host as the list's id. A host without a dot (`localhost`) or an IP address literal is not a
    /// domain one can own, so it becomes a label under RFC 2919's unmanaged `localhost` namespace.
    static func listID(title: String, host: String) -> String {
        let isDomain = host.contains(".") && host.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        } && !host.hasPrefix(".") && !host.hasSuffix(".") && !host.contains("..")
            && !host.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." }
        let label = String(host.unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" })
        let id = isDomain ? host : "\(label.isEmpty ? "status" : label).localhost"
        return "\(phrase(EventWording.singleLine(title))) <\(id)>"
    }

    /// A display name: a quoted string when ASCII, else RFC 2047 words.
    static func phrase(_ text: String) -> String {
        guard text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value <= 126 }) else { return encodedWords(text) }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func host(of url: String) -> String {
        let host = URLText.host(of: url)
        return host.isEmpty ? "localhost" : host
    }

    /// The text as is when it is printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at most
    /// 45 bytes each (60 encoded), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 126 }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    private static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let to = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<to])
        }
    }
}
