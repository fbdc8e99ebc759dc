import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Site
internal import Validation

/// `subscribe.html`: every feed, calendar and channel on one page, linked from every page, and
/// webhook verification examples that really verify.
@Suite struct SubscribePageTests {
    static func site() throws -> [String: OutputFile] {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        return Dictionary(result.files.map { ($0.path, $0) }) { first, _ in first }
    }

    @Test func everyPageLinksToTheSubscribePage() throws {
        let files = try Self.site()
        let pages = files.values.filter { $0.path.hasSuffix(".html") && $0.path != SitePaths.notFound }
        #expect(pages.count > 10)
        for page in pages {
            let root = String(repeating: "../", count: page.path.split(separator: "/").count - 1)
            #expect(page.text.contains("<a class=\"subscribe-link\" href=\"\(root)subscribe.html\">Subscribe</a>"), "\(page.path)")
        }
        #expect(try #require(files["sitemap.xml"]).text.contains("/subscribe.html</loc>"))
    }

    /// Every feed and calendar the page lists exists in the built site, for every network and
    /// component; the calendars are offered as `webcal://` subscriptions.
    @Test func listsEveryFeedAndCalendarThatTheSiteHas() throws {
        let files = try Self.site()
        let page = try #require(files[SitePaths.subscribe]).text
        let base = "https://status.canton.example.org/"
        let linked = page.matches(of: /href="https:\/\/status\.canton\.example\.org\/([^"]+)"/).map { String($0.output.1) }
        #expect(linked.count > 60)
        for path in linked { #expect(files[path] != nil, "subscribe.html links to \(path), which the site does not have") }
        let atomFeeds = files.keys.filter { $0.hasSuffix(".atom") }
        #expect(atomFeeds.count > 20, "the site, each network and each component have a feed")
        for atom in atomFeeds {
            let stem = atom.dropLast(".atom".count)
            for feed in [atom, stem + ".rss", stem + ".json"] { #expect(linked.contains(String(feed)), "\(feed) is not listed") }
        }
        for network in ["", "mainnet/", "testnet/", "devnet/"] {
            #expect(page.contains("<a href=\"webcal://status.canton.example.org/\(network)maintenance.ics\">"), "\(network)")
            #expect(page.contains("<code>\(base)\(network)maintenance.ics</code>"))
        }
        #expect(page.contains("<a href=\"https://canton-network.slack.com/archives/C0123456789\">join the channel the page posts to</a>"))
        #expect(page.contains("<a href=\"mailto:status-announce+subscribe@lists.canton.example.org\">join by e-mail</a>"))
        #expect(page.contains("<a href=\"mailto:status-announce+unsubscribe@lists.canton.example.org\">leave it</a>"))
        #expect(page.contains("<a href=\"https://github.com/canton-network/status/issues/new?template=webhook.yml\">Ask for one</a>"))
        #expect(page.contains("<code>maintenance.reminder</code>"))
    }

    /// Without `page.subscribe` the page still lists the feeds, and says whom to ask for a webhook.
    @Test func withoutSubscribeChannelsTheFeedsStillStand() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let configuration = try String(contentsOf: repository.url.appendingPathComponent("components.yml"), encoding: .utf8)
        let start = try #require(configuration.range(of: "  # Shown on subscribe.html"))
        let end = try #require(configuration.range(of: "\nenvironments:"))
        try repository.write("components.yml", configuration.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: ""))
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        let page = try #require(result.files.first { $0.path == SitePaths.subscribe }).text
        #expect(page.contains("feed.atom"))
        #expect(!page.contains("Slack"))
        #expect(!page.contains("Mailing list"))
        #expect(page.contains("Ask the operators of this page for one"))
    }

    /// The Python and JavaScript examples, read back from the page as a reader would copy them,
    /// accept a delivery signed by the Standard Webhooks reference library and refuse a changed
    /// body, a wrong secret and an old timestamp.
    @Test func theVerificationExamplesVerifyARealSignature() throws {
        let files = try Self.site()
        let directory = try TemporaryDirectory(prefix: "canton-status-subscribe")
        defer { directory.remove() }
        try directory.write("subscribe.html", try #require(files[SitePaths.subscribe]).text)
        try directory.write("check.py", Self.script)
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", directory.url.appendingPathComponent("check.py").path, directory.url.path],
            environment: ["PYTHONIOENCODING": "utf-8"], timeout: 120)
        #expect(result.status == 0, "\(result.standardError)")
        let expected = "good True\nbody False\nsecret False\nold False\n"
        #expect(result.standardOutput == "python\n" + expected + "javascript\n" + expected, "\(result.standardOutput)\(result.standardError)")
    }

    static let script = #"""
        import html, json, os, re, subprocess, sys
        from datetime import datetime, timedelta, timezone
        from standardwebhooks.webhooks import Webhook

        folder = sys.argv[1]
        page = open(os.path.join(folder, "subscribe.html"), encoding="utf-8").read()
        def example(kind):
            return html.unescape(re.search(r'<code class="verify-%s">(.*?)</code>' % kind, page, re.S).group(1))

        secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        other = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="
        body = b'{"type": "incident.updated", "timestamp": "2026-11-03T09:41:00Z", "data": {"incident": {"id": "x"}}}'
        def delivery(at):
            signature = Webhook(secret).sign("incident/x/1", at, body.decode())
            return {"webhook-id": "incident/x/1", "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": signature}
        now = datetime.now(timezone.utc)
        cases = [("good", secret, delivery(now), body), ("body", secret, delivery(now), body + b" "),
                 ("secret", other, delivery(now), body), ("old", secret, delivery(now - timedelta(hours=1)), body)]

        print("python")
        namespace = {}
        exec(example("python"), namespace)
        for name, key, headers, data in cases:
            print(name, namespace["verify"](key, headers, data))

        print("javascript", flush=True)
        with open(os.path.join(folder, "verify.mjs"), "w", encoding="utf-8") as handle:
            handle.write(example("javascript"))
        driver = "import { verify } from './verify.mjs';\n" + "".join(
            "console.log(%s, verify(%s, %s, Buffer.from(%s, 'base64')) ? 'True' : 'False');\n"
            % (json.dumps(name), json.dumps(key), json.dumps(headers), json.dumps(__import__("base64").b64encode(data).decode()))
            for name, key, headers, data in cases)
        with open(os.path.join(folder, "driver.mjs"), "w", encoding="utf-8") as handle:
            handle.write(driver)
        subprocess.run(["node", os.path.join(folder, "driver.mjs")], check=True, timeout=60)
        """#
}
