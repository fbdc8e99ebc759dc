public import Probing
internal import Foundation

/// A network of SVs answering from memory, with faults: Scans that are down, one that lies (claims
/// a network of itself alone), SVs that publish no Scan, sequencers not serving, an announced
/// successor serial. Scans answer `/v0/dso`, `/v0/scans`, `/v0/dso-sequencers` and `readyz`;
/// sequencers answer the gRPC health check. For unit tests of discovery and of the probe job.
public struct InMemoryNetwork: ProbeTransport {
    public var svs: Int
    public var down: Set<String> = []
    /// Scans no connection reaches (refused), unlike `down` ones that answer 503.
    public var unreachable: Set<String> = []
    public var liar: String?
    /// Extra Scans the liar lists in its `/v0/scans`, all answering as the liar does.
    public var fakes = 0
    /// Scans that refuse this prober (403), as an allowlist does.
    public var forbidden: Set<String> = []
    public var withoutScan: Set<String> = []
    public var successorSerial = false
    /// SVs whose sequencer answers `NOT_SERVING`.
    public var notServing: Set<String> = []
    /// How long every Scan's `readyz` takes to answer, as the prober measures it.
    public var readyLatencyMilliseconds = 1
    public let mirror = "https://docs.example/dso"
    public let synchronizer = "global-domain::1220ab"

    public init(svs: Int) { self.svs = svs }

    public func scan(_ index: Int) -> String { "https://scan.sv-\(index).example" }
    public func name(_ index: Int) -> String { "SV-\(index)" }
    public func fakeScan(_ index: Int) -> String { "https://fake-\(index).example" }

    public func fetch(_ request: ProbeRequest) async -> ProbeResponse {
        let base = request.url.components(separatedBy: "/api/scan").first ?? request.url
        if unreachable.contains(base) { return ProbeResponse(outcome: .failure("connection refused"), latencyMilliseconds: 1) }
        if down.contains(base) { return ProbeResponse(outcome: .response(status: 503, body: []), latencyMilliseconds: 1) }
        if forbidden.contains(base) { return ProbeResponse(outcome: .response(status: 403, body: []), latencyMilliseconds: 1) }
        let lying = base == liar || base.hasPrefix("https://fake-")
        let members = lying ? [0] : Array(0..<svs)
        let body: String?
        if request.url == mirror || request.url.hasSuffix("/api/scan/v0/dso") {
            body = dso(members)
        } else if request.url.hasSuffix("/api/scan/v0/scans") {
            let fake = lying ? (0..<fakes).map { #"{"publicUrl":"\#(fakeScan($0))","svName":"Fake-\#($0)"}"# } : []
            let entries = members.filter { !withoutScan.contains(name($0)) }.map { #"{"publicUrl":"\#(scan($0))","svName":"\#(name($0))"}"# } + fake
            body = #"{"scans":[{"domainId":"\#(synchronizer)","scans":[\#(entries.joined(separator: ","))]}]}"#
        } else if request.url.hasSuffix("/api/scan/v0/dso-sequencers") {
            let entries = members.flatMap { index in
                var list = [
                    #"{"migrationId":3,"id":"s","url":"https://sequencer-3.sv-\#(index).example","svName":"\#(name(index))","availableAfter":"-999999999-01-01T00:00:00+18:00"}"#,
                    #"{"migrationId":4,"id":"s","url":"https://sequencer-4.sv-\#(index).example","svName":"\#(name(index))","availableAfter":"2025-12-10T14:00:00Z"}"#,
                    #"{"migrationId":-1,"synchronizerSerial":1,"id":"s","url":"https://sequencer-1.sv-\#(index).example","svName":"\#(name(index))","availableAfter":"2026-06-20T13:00:00Z"}"#,
                ]
                if successorSerial {
                    list.append(#"{"migrationId":-1,"synchronizerSerial":2,"id":"s","url":"https://sequencer-2.sv-\#(index).example","svName":"\#(name(index))","availableAfter":"2026-06-20T13:00:00Z"}"#)
                }
                return list
            }
            body = #"{"domainSequencers":[{"domainId":"\#(synchronizer)","sequencers":[\#(entries.joined(separator: ","))]}]}"#
        } else if request.url.hasSuffix("/readyz") {
            body = ""
        } else {
            body = nil
        }
        guard let body else { return ProbeResponse(outcome: .response(status: 404, body: []), latencyMilliseconds: 1) }
        let latency = request.url.hasSuffix("/readyz") ? readyLatencyMilliseconds : 1
        return ProbeResponse(outcome: .response(status: 200, body: Array(body.utf8)), latencyMilliseconds: latency)
    }

    public func checkHealth(_ request: HealthCheckRequest) async -> HealthCheckResponse {
        let serving = !(0..<svs).contains { notServing.contains(name($0)) && request.url == "https://sequencer-1.sv-\($0).example" }
        return HealthCheckResponse(outcome: .status(serving ? .serving : .notServing), latencyMilliseconds: 1)
    }

    private func dso(_ members: [Int]) -> String {
        let pairs = members.map { #"["\#(name($0))::1220",{"name":"\#(name($0))"}]"# }.joined(separator: ",")
        let states = members.map { index in
            let scan = withoutScan.contains(name(index)) ? "" : #","scan":{"publicUrl":"\#(scan(index))"}"#
            return #"{"contract":{"payload":{"svName":"\#(name(index))","state":{"synchronizerNodes":[["\#(synchronizer)",{"sequencer":{}\#(scan)}]]}}}}"#
        }.joined(separator: ",")
        let upgrade = successorSerial
            ? #"{"topologyFreezeTime":"2026-11-22T14:05:00Z","upgradeTime":"2026-11-23T14:05:00Z","newPhysicalSynchronizerSerial":"2","newPhysicalSynchronizerProtocolVersion":"34"}"#
            : "null"
        return #"{"voting_threshold":\#((2 * members.count + 2) / 3),"dso_rules":{"contract":{"payload":{"svs":[\#(pairs)],"config":{"decentralizedSynchronizer":{"activeSynchronizerId":"\#(synchronizer)"},"nextScheduledLogicalSynchronizerUpgrade":\#(upgrade),"nextScheduledSynchronizerUpgrade":null}}}},"sv_node_states":[\#(states)]}"#
    }
}
