public import Model
public import Notify
internal import Foundation
internal import NIOCore
internal import NIOPosix
internal import NIOSSL

/// Sends mail through an SMTP submission server: `smtps://` (TLS from the first byte, port 465 by
/// default) or `smtp://` (port 587 by default) upgraded with STARTTLS whenever the server offers it.
///
/// Certificates are verified against the system's roots. A password is never sent in the clear: on
/// `smtp://` without STARTTLS, AUTH is refused, except to a loopback address (a local relay or a
/// test server, where nothing crosses a network). Replies that are not 2xx/3xx fail the delivery with
/// the server's own words and the stage they came at; the URL and its credentials are never shown.
public struct SMTPDelivery: Sendable {
    public var timeout: Interval
    public var clientName: String

    public init(timeout: Interval = .seconds(30), clientName: String = "[127.0.0.1]") {
        self.timeout = timeout
        self.clientName = clientName
    }

    public func send(_ message: MailMessage, server url: String) async -> DeliveryOutcome {
        guard let server = SMTPServer(url) else { return .failed(reason: "the SMTP URL is not valid") }
        do {
            try await Deadline(limit: timeout).run(reason: "no answer within \(timeout.spoken)") { try await converse(message, server: server) }
            return .delivered
        } catch let error as SMTPFailure {
            return .failed(reason: error.reason)
        } catch let exceeded as Deadline.Exceeded {
            return .failed(reason: exceeded.reason)
        } catch {
            return .failed(reason: HTTPFailure.reason(error, timeout: timeout))
        }
    }

    private func converse(_ message: MailMessage, server: SMTPServer) async throws {
        let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        let hostname = server.isAddressLiteral ? nil : server.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if server.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            func expect(_ stage: String, _ codes: ClosedRange<Int>) async throws -> SMTPReply {
                guard let reply = try await replies.next() else { throw SMTPFailure("the server closed the connection at \(stage)") }
                guard codes.contains(reply.code) else {
                    throw SMTPFailure("SMTP \(reply.code) at \(stage): \(reply.lines.first ?? "")")
                }
                return reply
            }
            func command(_ line: String, _ stage: String, _ codes: ClosedRange<Int> = 200...299) async throws -> SMTPReply {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await expect(stage, codes)
            }
            _ = try await expect("the greeting", 200...299)
            var capabilities = try await command("EHLO \(clientName)", "EHLO").lines.map { $0.uppercased() }
            var secure = server.implicitTLS
            if !secure, capabilities.contains(where: { $0.hasPrefix("STARTTLS") }) {
                _ = try await command("STARTTLS", "STARTTLS")
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: hostname)
                try await channel.channel.pipeline.addHandler(handler, position: .first)
                do {
                    capabilities = try await command("EHLO \(clientName)", "EHLO after STARTTLS").lines.map { $0.uppercased() }
                } catch let error where error is SMTPFailure || error is CancellationError {
                    throw error
                } catch {
                    // A refused handshake closes the channel; which arrives first, the handshake's
                    // own error or the closed channel, depends on timing. Either way TLS failed.
                    throw SMTPFailure(HTTPFailure.tlsFailed)
                }
                secure = true
            }
            if let user = server.user {
                guard secure || server.isLoopback else {
                    throw SMTPFailure("the server offers no STARTTLS; refusing to send the password unencrypted (use smtps:// or a server with STARTTLS)")
                }
                let token = Data("\u{0}\(user)\u{0}\(server.password ?? "")".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", "AUTH")
            }
            _ = try await command("MAIL FROM:<\(Self.address(message.from))>", "MAIL FROM")
            for recipient in message.recipients {
                _ = try await command("RCPT TO:<\(Self.address(recipient))>", "RCPT TO")
            }
            _ = try await command("DATA", "DATA", 300...399)
            try await outbound.write(ByteBuffer(string: Self.dotStuffed(message.data) + ".\r\n"))
            _ = try await expect("the end of DATA", 200...299)
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// `Name <a@b>` → `a@b`; line breaks removed so an address cannot inject commands.
    static func address(_ text: String) -> String {
        var value = text
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            value = String(text[text.index(after: open)..<close])
        }
        return value.filter { $0 != "\r" && $0 != "\n" && $0 != "<" && $0 != ">" }.trimmingCharacters(in: .whitespaces)
    }

    /// RFC 5321 transparency: a line starting with `.` gets a second one.
    static func dotStuffed(_ data: String) -> String {
        var text = data.hasSuffix("\r\n") ? data : data + "\r\n"
        if text.hasPrefix(".") { text = "." + text }
        return text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
    }
}

/// Where to send, from an `smtp://` or `smtps://` URL with optional `user:password@`.
struct SMTPServer {
    var host: String
    var port: Int
    var implicitTLS: Bool
    var user: String?
    var password: String?

    init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        implicitTLS = scheme == "smtps"
        port = components.port ?? (implicitTLS ? 465 : 587)
        user = components.user?.removingPercentEncoding ?? components.user
        password = components.password?.removingPercentEncoding ?? components.password
    }

    var isAddressLiteral: Bool { host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." } }
    /// By address, not by name: `127.mail.example.com` is not loopback.
    var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

struct SMTPFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One SMTP reply: a code and its text lines (`250-…` continuation lines gathered).
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]
}

struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPFailure("the server sent a line longer than 4096 bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        let line = (buffer.readString(length: length) ?? "").trimmingCharacters(in: .newlines)
        guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPFailure("the server's reply is not SMTP") }
        lines.append(String(line.dropFirst(4)))
        if lines.count > 100 { throw SMTPFailure("the server's reply is too long") }
        if line.dropFirst(3).first == "-" { return .continue }
        context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
        lines = []
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
