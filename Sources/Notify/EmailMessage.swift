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
/// - Header values are single lines (a newline in a title cannot add headers) and non-ASCII text is
///   encoded as RFC 2047 words; bodies are base64, so no line is too long for any server.
enum EmailMessage {
    static func message(for event: NotificationEvent, from: String, to recipients: [String], sentAt: Timestamp, pageURL: String) -> MailMessage {
        let host = Self.host(of: pageURL)
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
        headers += [
            ("MIME-Version", "1.0"),
            ("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
            ("Auto-Submitted", "auto-generated"),
            ("X-Canton-Status-Event", event.kind.rawValue),
        ]
        var lines = headers.map { "\($0.0): \($0.1)" }
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, body) in [("text/plain", plainText(event)), ("text/html", html(event))] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines += base64Lines(body)
        }
        lines.append("--\(boundary)--")
        return MailMessage(from: from, recipients: recipients, data: lines.joined(separator: "\r\n") + "\r\n")
    }

    static func plainText(_ event: NotificationEvent) -> String {
        let subject = event.subject
        var lines = [EventWording.singleLine(subject.title), "", "\(EventWording.headline(event)) — \(FeedTime.readable(event.occurredAt))"]
        lines.append("Status: \(EventWording.status(event))")
        if let window = EventWording.window(event) {
            lines.append("Window: \(window)")
            lines.append("Expected impact: \(EventWording.impact(subject.impact))")
        } else {
            lines.append("Impact: \(EventWording.impact(subject.impact))")
        }
        lines.append("Networks: \(EventWording.networks(event))")
        if !subject.components.isEmpty { lines.append("Components: \(EventWording.components(event))") }
        if !subject.references.isEmpty { lines.append("References: \(subject.references.joined(separator: ", "))") }
        let text = subject.text.trimmingWhitespace()
        if !text.isEmpty { lines += ["", String(text)] }
        lines += ["", "Details: \(subject.url)"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func html(_ event: NotificationEvent) -> String {
        let subject = event.subject
        func escape(_ text: String) -> String { XMLEscaping.text(text) }
        var rows = [("Status", EventWording.status(event))]
        if let window = EventWording.window(event) {
            rows += [("Window", window), ("Expected impact", EventWording.impact(subject.impact))]
        } else {
            rows.append(("Impact", EventWording.impact(subject.impact)))
        }
        rows.append(("Networks", EventWording.networks(event)))
        if !subject.components.isEmpty { rows.append(("Components", EventWording.components(event))) }
        if !subject.references.isEmpty { rows.append(("References", subject.references.joined(separator: ", "))) }
        let table = rows.map { "<tr><th align=\"left\">\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
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
            </body></html>

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
