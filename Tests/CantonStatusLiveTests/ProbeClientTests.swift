import CantonSimulator
import Probing
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Model

/// The prober's HTTP client against `canton-sim`: its limits hold.
@Suite struct ProbeClientTests {
    @Test func aHugeBodyIsCutOffAtTheCap() async throws {
        let sim = try SimulatorProcess(svs: 2, scenarios: ["huge-body"], now: "2026-11-20T14:05Z")
        defer { sim.stop() }
        let client = ProbeClient(userAgent: "canton-status-tests")
        let response = await client.fetch(ProbeRequest(url: sim.endpoints.seedScan + "/api/scan/v0/dso", timeout: .seconds(20),
                                                        maximumBytes: 1 << 20))
        await client.shutdown()
        guard case .failure(let reason) = response.outcome else {
            Issue.record("a 100 MiB body was accepted")
            return
        }
        #expect(reason == "response larger than 1 MiB")
    }

    @Test func aRedirectLoopIsRefused() async throws {
        let sim = try SimulatorProcess(svs: 2, scenarios: ["redirect-loop"], now: "2026-11-20T14:05Z")
        defer { sim.stop() }
        let client = ProbeClient(userAgent: "canton-status-tests")
        let response = await client.fetch(ProbeRequest(url: sim.endpoints.seedScan + "/api/scan/v0/scans"))
        await client.shutdown()
        guard case .failure(let reason) = response.outcome else {
            Issue.record("a redirect loop was followed to an answer")
            return
        }
        #expect(reason == "redirect loop" || reason == "more than 3 redirects")
    }
}
