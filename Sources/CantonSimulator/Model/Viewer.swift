/// Who answers a document, which decides whose identity it carries and which faults bend it.
///
/// The same ledger reads differently through different doors: the seed Scan may lie
/// (`seed-stale`, `seed-lies`) while the DSO mirror, a separate host, stays truthful, so a
/// prober can catch the lie by comparing the two.
enum Viewer: Sendable, Equatable {
    /// SV `index`'s Scan (`/api/scan/`): every Scan fault aimed at it applies.
    case scan(Int)
    /// SV `index`'s SV app (`/api/sv/`): it lags with its SV under `round-disagreement`, but the
    /// seed Scan's lies are the Scan's own and do not reach it.
    case svApp(Int)
    /// A truthful network-wide view: the DSO mirror and the validator's BFT scan-proxy read.
    /// Where a body names its SV (`sv_user`, `sv_party_id`) it is SV 0, whose Scan the real mirror
    /// is fetched from.
    case network

    /// The SV whose identity the body carries.
    var sv: Int {
        switch self {
        case .scan(let index), .svApp(let index): index
        case .network: 0
        }
    }
}
