internal import Foundation

/// Bodies of the admin endpoints every Splice app serves (canton-api.md §1 and §6).
enum HealthDocuments {
    /// The chart's HTTP port per app, reported under `status.success.ports` as the real apps do.
    static func chartPort(_ app: String) -> Int {
        ["scan": 5012, "sv": 5014, "validator": 5003][app] ?? 5000
    }

    /// `{"success":…}` when up, else `{"failed":{"error":…}}`. (`not_initialized` is not simulated.)
    static func status(app: String, owner: String, up: Bool, world: World) -> JSON {
        guard up else {
            return ["failed": ["error": .string("\(app) app of \(owner) is not running (simulated svs-down)")]]
        }
        let seconds = max(0, Int(world.now.timeIntervalSince(world.startedAt)))
        return [
            "success": [
                "id": .string("\(app)::\(owner)::" + Topology.fingerprint(owner)),
                "uptime": .string("PT\(seconds / 3600)H\(seconds / 60 % 60)M\(seconds % 60)S"),
                "ports": ["admin": .int(chartPort(app))],
                "active": true,
            ]
        ]
    }

    static func version(_ release: (version: String, committedAt: String)) -> JSON {
        ["version": .string(release.version), "commit_ts": .string(release.committedAt)]
    }
}
