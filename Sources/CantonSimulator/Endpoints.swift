/// Where the simulated network listens: the ready line of `canton-sim` and what
/// ``CantonSimulator/start(_:)`` returns. All URLs are `http://127.0.0.1:<port>` without a path,
/// except ``dsoMirror``, which is the full `/dso` URL as the real mirror is published.
public struct Endpoints: Codable, Sendable, Equatable {
    public struct SV: Codable, Sendable, Equatable {
        public var name: String
        /// The SV's server; its Scan API is under `<scan>/api/scan/`.
        public var scan: String
        /// The same server as `scan`; the SV app API is under `<sv>/api/sv/`.
        public var sv: String
        /// The SV's public sequencer: a plaintext gRPC server (`http://127.0.0.1:Q`) answering
        /// `grpc.health.v1.Health/Check` for service `""`.
        public var sequencer: String
    }

    /// SV 0's Scan: the one URL a prober starts discovery from.
    public var seedScan: String
    public var svs: [SV]
    /// The validator app; its API is under `<validator>/api/validator/`.
    public var validator: String
    public var dsoMirror: String
    public var control: String

    enum CodingKeys: String, CodingKey {
        case seedScan = "seed_scan", svs, validator, dsoMirror = "dso_mirror", control
    }

    /// The ready line: one line of compact JSON, keys in the documented order, `/` unescaped.
    public var jsonLine: String {
        let svs = svs.map { sv -> JSON in
            [
                "name": .string(sv.name), "scan": .string(sv.scan), "sv": .string(sv.sv),
                "sequencer": .string(sv.sequencer),
            ]
        }
        let line: JSON = [
            "seed_scan": .string(seedScan), "svs": .array(svs), "validator": .string(validator),
            "dso_mirror": .string(dsoMirror), "control": .string(control),
        ]
        return line.text
    }
}
