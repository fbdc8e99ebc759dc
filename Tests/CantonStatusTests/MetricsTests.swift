@testable import Model
@testable import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// The Prometheus `metrics` file, checked by `promtool check metrics` (parser and linter) and by
/// reading its samples back.
@Suite struct MetricsTests {
    @Test func promtoolAcceptsTheMetrics() throws {
        let files = try MachineReadableFixture.render()
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let result = try ConsumerRun.promtool(SitePaths.metrics, in: directory)
        #expect(result.status == 0, "promtool: \(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.isEmpty && result.standardError.isEmpty, "no lint findings either")
    }

    @Test(arguments: [
        ("an unclosed label set", "canton_status_active_incidents{environment=\"mainnet\" 1\n"),
        ("an unescaped quote", "canton_status_active_incidents{environment=\"main\"net\"} 1\n"),
        ("a second TYPE line", "# TYPE canton_status_active_incidents gauge\n"),
    ])
    func promtoolRejectsABrokenCopy(problem: String, appended: String) throws {
        // Proves the check above is real.
        let files = try MachineReadableFixture.render()
        let broken = OutputFile(path: SitePaths.metrics, text: files[SitePaths.metrics]!.text + appended)
        let directory = try MachineReadableFixture.write([SitePaths.metrics: broken])
        defer { directory.remove() }
        let result = try ConsumerRun.promtool(SitePaths.metrics, in: directory)
        #expect(result.status != 0, "promtool accepted \(problem)")
    }

    @Test func componentStateIsOneHot() throws {
        let samples = try Self.samples(try MachineReadableFixture.render())
        let states = samples.filter { $0.name == "canton_status_component_state" }
        var current: [String: [String]] = [:]
        for sample in states {
            #expect(sample.value == 0 || sample.value == 1)
            let key = "\(sample.labels["environment"]!)/\(sample.labels["component"]!)"
            if sample.value == 1 { current[key, default: []].append(sample.labels["state"]!) }
        }
        #expect(states.count == 5 * ComponentState.allCases.count, "five components over two networks, every state")
        #expect(current == [
            "mainnet/sequencers": ["operational"], "mainnet/scan-api": ["partial-outage"],
            "mainnet/validator-api": ["operational"], "testnet/sequencers": ["under-maintenance"],
            "testnet/scan-api": ["operational"],
        ])
        #expect(Self.value(samples, "canton_status_component_severity", ["environment": "mainnet", "component": "scan-api"]) == 3)
        #expect(Self.value(samples, "canton_status_component_severity", ["environment": "testnet", "component": "sequencers"]) == 1)
        #expect(Self.value(samples, "canton_status_environment_severity", ["environment": "mainnet"]) == 3)
        #expect(!samples.contains { $0.labels["environment"] == "testnet" && $0.labels["component"] == "validator-api" })
    }

    @Test func incidentsUptimeAndBuildTime() throws {
        let samples = try Self.samples(try MachineReadableFixture.render())
        #expect(Self.value(samples, "canton_status_active_incidents", ["environment": "mainnet"]) == 1)
        #expect(Self.value(samples, "canton_status_active_incidents", ["environment": "testnet"]) == 0)
        #expect(Self.value(samples, "canton_status_active_maintenance", ["environment": "testnet"]) == 1)
        #expect(Self.value(samples, "canton_status_active_maintenance", ["environment": "mainnet"]) == 0)
        #expect(Self.value(samples, "canton_status_build_timestamp_seconds", [:])
                == Double(MachineReadableFixture.now.secondsSince1970))
        // Sequencers were down 14:05–16:00 on 2026-11-20: 6,900 s of full downtime.
        let windows: [(String, Double)] = [("7d", 7 * 86_400), ("30d", 30 * 86_400), ("90d", 90 * 86_400), ("1y", 365 * 86_400)]
        for (window, seconds) in windows {
            let ratio = try #require(Self.value(samples, "canton_status_declared_uptime_ratio",
                                                ["environment": "testnet", "component": "sequencers", "window": window]))
            #expect(abs(ratio - (1 - 6_900 / seconds)) < 1e-12, "\(window): \(ratio)")
        }
        #expect(Self.value(samples, "canton_status_declared_uptime_ratio",
                           ["environment": "testnet", "component": "sequencers", "window": "24h"]) == 1)
        // scan-api: a partial outage (30 % weight) since 10:00, two hours before now.
        let scan = try #require(Self.value(samples, "canton_status_declared_uptime_ratio",
                                           ["environment": "mainnet", "component": "scan-api", "window": "24h"]))
        #expect(abs(scan - (1 - 0.3 * 7_200 / 86_400)) < 1e-12)
        #expect(Self.value(samples, "canton_status_sla_target_ratio", ["environment": "mainnet", "component": "scan-api"]) == 0.999)
    }

    @Test func everyFamilyHasHelpAndType() throws {
        let text = try #require(try MachineReadableFixture.render()[SitePaths.metrics]).text
        let lines = text.split(separator: "\n").map(String.init)
        let sampled = Set(lines.filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) })
        #expect(sampled.count == 10)
        for family in sampled {
            #expect(lines.contains { $0.hasPrefix("# HELP \(family) ") }, "\(family) has no HELP")
            #expect(lines.contains("# TYPE \(family) gauge"), "\(family) has no TYPE")
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func hostileNamesStayEscapedInLabels() throws {
        let files = try MachineReadableFixture.render(MachineReadableFixture.hostileFiles)
        let directory = try MachineReadableFixture.write(files)
        defer { directory.remove() }
        let result = try ConsumerRun.promtool(SitePaths.metrics, in: directory)
        #expect(result.status == 0, "promtool: \(result.standardOutput)\(result.standardError)")

        let text = files[SitePaths.metrics]!.text
        #expect(text.contains(#"name="<script>alert('x')</script> \"quoted\" back\\slash\nline two <U+202E>desrever"} 1"#))
        #expect(!text.contains("\u{202E}"))
        let info = try Self.samples(files).first { $0.name == "canton_status_component_info" && $0.labels["component"] == "scan-api" }
        #expect(info?.labels["name"] == MachineReadableFixture.hostileText.replacingOccurrences(of: "\u{202E}", with: "<U+202E>"))
    }

    @Test func labelEscaping() {
        #expect(PrometheusMetrics.escapeLabelValue("a\\b\"c\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusMetrics.escapeLabelValue("tab\there\r\u{0}") == "tab here  ")
        #expect(PrometheusMetrics.escapeLabelValue("Zürich ✓") == "Zürich ✓")
        #expect(PrometheusMetrics.format(1) == "1")
        #expect(PrometheusMetrics.format(0.999) == "0.999")
        #expect(PrometheusMetrics.format(1_795_953_600) == "1795953600")
    }

    // MARK: Reading samples back

    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Parses the sample lines of the text format, undoing the label escapes.
    static func samples(_ files: [String: OutputFile]) throws -> [Sample] {
        let text = try #require(files[SitePaths.metrics]).text
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var rest = Substring(line)
            let name = String(rest.prefix { $0 != "{" && $0 != " " })
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let key = String(rest.prefix { $0 != "=" })
                    rest = rest.dropFirst(key.count + 2)  // `="`
                    var value = ""
                    while let character = rest.first, character != "\"" {
                        rest = rest.dropFirst()
                        if character == "\\", let escaped = rest.first {
                            rest = rest.dropFirst()
                            value.append(escaped == "n" ? "\n" : escaped)
                        } else {
                            value.append(character)
                        }
                    }
                    rest = rest.dropFirst()  // closing quote
                    if rest.first == "," { rest = rest.dropFirst() }
                    labels[key] = value
                }
                rest = rest.dropFirst()
            }
            let value = try #require(Double(rest.trimmingCharacters(in: .whitespaces)), "bad sample: \(line)")
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }
}
