public import Status
internal import Model

/// Everything of the site that programs read rather than people: the Statuspage-compatible API,
/// badges and Prometheus metrics.
///
/// Pure: it reads only the snapshot, so the same content and `now` give byte-identical files, and a
/// re-deploy of unchanged content changes nothing a cache or a scraper can see.
public enum MachineReadableRenderer {
    /// Statuspage-compatible api/v2 per environment, badges per component and environment, and the Prometheus metrics file.
    ///
    /// Per environment `E`: `E/api/v2/…` (eight files, see `StatuspageAPI`), and per component `C` on
    /// it `E/badges/C.json` (shields.io endpoint), `E/badges/C.svg` and `E/api/v2/components/C/uptime.json`;
    /// then the SLA table as `sla.csv` and `sla.json`, and `metrics`, at the root.
    /// Paths come from `SitePaths`. Files are sorted by path.
    public static func render(_ snapshot: StatusSnapshot) -> [OutputFile] {
        var files: [OutputFile] = []
        for environment in snapshot.environments {
            files += StatuspageAPI(snapshot: snapshot, environment: environment).files()
            for component in environment.components {
                let badge = StatusBadge(component: component, environment: environment.environment)
                let componentID = component.component.id.value
                let environmentID = environment.environment.id.value
                files.append(OutputFile(
                    path: SitePaths.badgeEndpoint(componentID, in: environmentID), text: badge.endpointJSON))
                files.append(OutputFile(path: SitePaths.badgeSVG(componentID, in: environmentID), text: badge.svg))
                files.append(OutputFile(path: SitePaths.componentUptime(componentID, in: environmentID),
                                        text: ServiceLevelTable.uptime(component, now: snapshot.now)))
            }
        }
        files += ServiceLevelTable(snapshot: snapshot).files()
        files.append(PrometheusMetrics(snapshot: snapshot).file)
        return files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
