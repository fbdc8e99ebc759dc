public import Model

/// What the page's measurements mean for the Global Synchronizer's fault budget, per layer.
///
/// The network is BFT: with n SVs it tolerates f = ⌊(n−1)/3⌋ faulty ones. Ordering needs a quorum
/// of sequencers, and a verified Scan read needs f+1 Scans that agree (Splice's
/// `network-health/NETWORK_HEALTH.md`). A status page that only says "1 of 13 sequencers down" leaves
/// the reader to do that arithmetic; this says how many more failures each layer can take.
public struct FaultBudget: Sendable, Equatable {
    public enum Layer: String, Sendable, CaseIterable {
        case sequencers, scans
    }

    public var layer: Layer
    /// SVs in the agreed SV set, those publishing nothing for this layer included.
    public var svCount: Int
    /// Endpoints of this layer that work now (serving, ready).
    public var working: Int
    /// How many must work for the layer to do its job.
    public var needed: Int

    /// How many more can fail before the layer stops; negative when it already has.
    public var spare: Int { working - needed }

    /// f = ⌊(n−1)/3⌋: how many of n SVs may fail, or lie, with the network still working.
    public static func faultTolerance(_ svCount: Int) -> Int { max(0, (svCount - 1) / 3) }

    /// The ordering quorum: the DSO's `voting_threshold` and 2f+1, whichever is larger, so the
    /// page never promises more spare than either rule gives (they agree for 3f+1 SVs; for n = 12
    /// the threshold is 8 where 2f+1 is 7). Without a threshold, ⌈2n/3⌉.
    public static func orderingQuorum(svCount: Int, votingThreshold: Int?) -> Int {
        let f = faultTolerance(svCount)
        return max(2 * f + 1, votingThreshold ?? (2 * svCount + 2) / 3)
    }

    /// How many SVs have a working endpoint among `targets`: an SV counts once, and degraded still
    /// works (slow is not down).
    public static func working(_ targets: [(name: String, state: ComponentState)]) -> Int {
        Set(targets.filter { $0.state < .partialOutage }.map(\.name)).count
    }

    /// How many of n SVs' endpoints `layer` needs working.
    public static func needed(_ layer: Layer, svCount: Int, votingThreshold: Int?) -> Int {
        switch layer {
        case .sequencers: orderingQuorum(svCount: svCount, votingThreshold: votingThreshold)
        case .scans: faultTolerance(svCount) + 1
        }
    }

    /// The budgets a vantage's last run supports: one per layer that was probed. `targets` are the
    /// run's targets of every component; a target counts once per SV and layer.
    public static func budgets(network: NetworkSummary, targets: [LatestTarget]) -> [FaultBudget] {
        guard network.svCount > 0 else { return [] }
        var result: [FaultBudget] = []
        for layer in Layer.allCases {
            let probed = targets.filter { $0.check == layer.rawValue }
            guard !probed.isEmpty else { continue }
            let working = working(probed.map { ($0.name, $0.state) })
            let needed = needed(layer, svCount: network.svCount, votingThreshold: network.votingThreshold)
            result.append(FaultBudget(layer: layer, svCount: network.svCount, working: min(working, network.svCount), needed: needed))
        }
        return result
    }

    /// "sequencers: 12 of 13 serving; ordering needs 9, so 3 more can fail before it halts".
    public var sentence: String {
        switch layer {
        case .sequencers:
            let head = "sequencers: \(working) of \(svCount) serving; ordering needs \(needed)"
            if spare > 0 { return head + ", so \(spare) more can fail before it halts" }
            if spare == 0 { return head + " and halts if 1 more fails" }
            return head + ": below quorum, ordering halts until \(-spare) more \(-spare == 1 ? "is" : "are") back"
        case .scans:
            let head = "Scans: \(working) of \(svCount) ready; a verified read needs \(needed) that agree"
            if spare > 0 { return head + ", so \(spare) more can fail" }
            if spare == 0 { return head + ", so reads fail if 1 more does" }
            return head + ": below quorum, reads cannot be verified"
        }
    }
}

extension StatusSnapshot.NetworkStatus {
    /// The budgets of the layers `component` checks: the sequencers budget for a `sequencers`
    /// check, the Scans budget for a `scans` check.
    public func faultBudgets(of component: Component) -> [FaultBudget] {
        let kinds = Set(component.checks.map(\.kind))
        return faultBudgets.filter { budget in
            switch budget.layer {
            case .sequencers: kinds.contains(.sequencers)
            case .scans: kinds.contains(.scans)
            }
        }
    }
}
