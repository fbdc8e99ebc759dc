@testable import Model
@testable import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// Badges: the SVG parsed by Python's `xml.etree.ElementTree`, the shields.io endpoint JSON checked
/// against shields' endpoint schema with `jsonschema`.
@Suite struct BadgeTests {
    /// Parses each SVG and prints, per file, what a reader of the badge gets: the root element, its
    /// size, the `<title>`, the texts, the element names used, and any attribute that could load
    /// something from elsewhere (`href`, or a `url(…)` that is not a local `#fragment`).
    static let svgScript = """
        import json, re, sys
        import xml.etree.ElementTree as ET
        SVG = "{http://www.w3.org/2000/svg}"
        report = {}
        for path in sys.argv[1:]:
            root = ET.parse(path).getroot()
            external = []
            tags = set()
            for element in root.iter():
                tags.add(element.tag.replace(SVG, ""))
                for name, value in element.attrib.items():
                    if "href" in name or re.search(r"url\\((?!#)", value) or re.search(r"(https?|data|javascript):", value):
                        external.append("%s=%s" % (name, value))
            title = root.find(SVG + "title")
            report[path] = {
                "root": root.tag,
                "width": int(root.get("width")),
                "rects": [int(r.get("width")) for r in root.iter(SVG + "rect")],
                "label": root.get("aria-label"),
                "title": None if title is None else title.text,
                "texts": [t.text for t in root.iter(SVG + "text") if t.get("aria-hidden") != "true"],
                "tags": sorted(tags),
                "external": external,
            }
        print(json.dumps(report))
        """

    struct ParsedSVG: Decodable {
        var root: String
        var width: Int
        var rects: [Int]
        var label: String?
        var title: String?
        var texts: [String?]
        var tags: [String]
        var external: [String]
    }

    static func parse(_ files: [String: OutputFile], _ paths: [String]) throws -> [String: ParsedSVG] {
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let result = try ConsumerRun.python(svgScript, paths, in: directory)
        try #require(result.status == 0, "ElementTree: \(result.standardError)")
        return try JSONDecoder().decode([String: ParsedSVG].self, from: Data(result.standardOutput.utf8))
    }

    @Test func everySVGParsesAndIsSelfContained() throws {
        let files = try MachineReadableFixture.render()
        let paths = files.keys.filter { $0.hasSuffix(".svg") }.sorted()
        #expect(paths.count == 5)
        let parsed = try Self.parse(files, paths)
        for path in paths {
            let svg = try #require(parsed[path])
            #expect(svg.root == "{http://www.w3.org/2000/svg}svg")
            #expect(svg.external.isEmpty, "\(path) refers outside itself: \(svg.external)")
            #expect(Set(svg.tags).isSubset(of: ["svg", "title", "linearGradient", "stop", "clipPath", "rect", "g", "text"]), "\(svg.tags)")
            #expect(svg.title != nil && svg.title == svg.label, "\(path): a <title> for screen readers")
            // The clip rect, the label and message halves, the gloss.
            #expect(svg.rects.count == 4 && svg.rects[1] + svg.rects[2] == svg.width)
        }
        let scan = try #require(parsed[SitePaths.badgeSVG("scan-api", in: "mainnet")])
        #expect(scan.title == "MainNet Scan API: partial outage")
        #expect(scan.texts == ["MainNet Scan API", "partial outage"])
        let maintained = try #require(parsed[SitePaths.badgeSVG("sequencers", in: "testnet")])
        #expect(maintained.texts == ["TestNet Sequencers", "under maintenance"])
    }

    @Test func endpointJSONHasShieldsKeys() throws {
        let files = try MachineReadableFixture.render()
        let paths = files.keys.filter { $0.contains("/badges/") && $0.hasSuffix(".json") }.sorted()
        #expect(paths.count == 5)
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let result = try ConsumerRun.jsonSchema(paths.map { ($0, "shieldsEndpoint") }, in: directory)
        #expect(result.status == 0, "jsonschema: \(result.standardOutput)\(result.standardError)")

        let scan = try MachineReadableFixture.json(files, SitePaths.badgeEndpoint("scan-api", in: "mainnet"))
        #expect(scan["schemaVersion"] as? Int == 1)
        #expect(scan["label"] as? String == "MainNet Scan API")
        #expect(scan["message"] as? String == "partial outage")
        #expect(scan["color"] as? String == "orange")
        let sequencers = try MachineReadableFixture.json(files, SitePaths.badgeEndpoint("sequencers", in: "testnet"))
        #expect(sequencers["message"] as? String == "under maintenance")
        #expect(sequencers["color"] as? String == "blue")
    }

    @Test func endpointSchemaRejectsAnEmptyMessage() throws {
        // Proves the shields check is real.
        let path = SitePaths.badgeEndpoint("scan-api", in: "mainnet")
        let broken = OutputFile(path: path, text: #"{"schemaVersion": 2, "label": "x", "message": ""}"#)
        let directory = try MachineReadableFixture.write([path: broken])
        defer { directory.remove() }
        let result = try ConsumerRun.jsonSchema([(path, "shieldsEndpoint")], in: directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("schemaVersion"))
        #expect(result.standardOutput.contains("message"))
    }

    @Test(arguments: ComponentState.allCases)
    func messageIsTheStateWordAndColoursAreReadable(state: ComponentState) {
        let badge = StatusBadge(label: "MainNet Scan API", state: state)
        #expect(badge.message == state.rawValue.replacingOccurrences(of: "-", with: " "))
        // White text on the message colour: at least WCAG AA's 4.5:1.
        #expect(Self.contrastWithWhite(badge.svgColor) >= 4.5, "\(badge.svgColor)")
    }

    @Test func widthFollowsTheText() {
        #expect(StatusBadge.textWidth("") == 0)
        #expect(StatusBadge.textWidth("MMMM") > StatusBadge.textWidth("iiii"))
        #expect(StatusBadge.textWidth("operational") == 62, "Verdana 11 px, as shields measures it")
        let short = StatusBadge(label: "API", state: .operational).svg
        let long = StatusBadge(label: "MainNet Global Synchronizer sequencers", state: .operational).svg
        #expect(Self.width(of: long) - Self.width(of: short)
                == StatusBadge.textWidth("MainNet Global Synchronizer sequencers") - StatusBadge.textWidth("API"))
        #expect(StatusBadge.textWidth("a\u{301}") == StatusBadge.textWidth("a"), "combining marks take no room")
    }

    @Test func hostileLabelStaysEscapedSVG() throws {
        let files = try MachineReadableFixture.render(MachineReadableFixture.hostileFiles)
        let path = SitePaths.badgeSVG("scan-api", in: "mainnet")
        let raw = try #require(files[path]).text
        #expect(!raw.contains("<script"))
        // The page's one escaping rule: markup as entities, a direction override closed where its
        // text ends, before the state word.
        #expect(raw.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; back\\slash line two \u{202E}desrever\u{202C}</text>"))
        let parsed = try #require(try Self.parse(files, [path])[path])
        #expect(parsed.tags.contains("script") == false)
        // One line: the line break became a space; the parser gives back the rest as written.
        let shown = "MainNet " + MachineReadableFixture.hostileText.replacingOccurrences(of: "\n", with: " ")
        #expect(parsed.texts == [shown + "\u{202C}", "partial outage"])
        #expect(parsed.title == "\(shown)\u{202C}: partial outage")

        let endpoint = try MachineReadableFixture.json(files, SitePaths.badgeEndpoint("scan-api", in: "mainnet"))
        #expect(endpoint["label"] as? String == shown)
        #expect(try #require(files[SitePaths.badgeEndpoint("scan-api", in: "mainnet")]).text.contains("\\u003cscript\\u003e"))
    }

    @Test func controlCharactersNeverReachTheXML() {
        let svg = StatusBadge(label: "a\u{0}b\u{1B}c\u{FFFE}\td", state: .majorOutage).svg
        #expect(!svg.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(svg.contains(">a b c  d</text>"))
    }

    static func width(of svg: String) -> Int {
        let start = svg.range(of: "width=\"")!.upperBound
        return Int(svg[start...].prefix { $0.isNumber })!
    }

    /// WCAG 2 contrast ratio of `#rrggbb` against white.
    static func contrastWithWhite(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16)!
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        return 1.05 / (luminance + 0.05)
    }
}
