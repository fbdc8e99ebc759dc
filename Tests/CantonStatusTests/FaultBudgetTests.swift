@testable import Model
@testable import Status
import Testing

/// The fault budget in numbers and words, from the agreed SV count and the DSO's voting threshold.
@Suite struct FaultBudgetTests {
    static func targets(_ check: String, working: Int, of count: Int) -> [LatestTarget] {
        (0..<count).map { index in
            LatestTarget(name: "SV-\(index)", check: check, state: index < working ? .operational : .majorOutage,
                         latencyMilliseconds: 10, reason: nil, details: [:])
        }
    }

    static func network(_ svCount: Int, threshold: Int?) -> NetworkSummary {
        NetworkSummary(agreedAt: Timestamp(secondsSince1970: 0), svCount: svCount, votingThreshold: threshold, sequencerSerial: 1,
                       migrationID: nil, scans: [], sequencers: [], missingScans: [], missingSequencers: [])
    }

    @Test(arguments: [
        (12, "sequencers: 12 of 13 serving; ordering needs 9, so 3 more can fail before it halts", 3),
        (9, "sequencers: 9 of 13 serving; ordering needs 9 and halts if 1 more fails", 0),
        (8, "sequencers: 8 of 13 serving; ordering needs 9: below quorum, ordering halts until 1 more is back", -1),
        (6, "sequencers: 6 of 13 serving; ordering needs 9: below quorum, ordering halts until 3 more are back", -3),
    ])
    func sequencersAgainstTheOrderingQuorum(serving: Int, sentence: String, spare: Int) throws {
        let budgets = FaultBudget.budgets(network: Self.network(13, threshold: 9), targets: Self.targets("sequencers", working: serving, of: 13))
        let budget = try #require(budgets.first)
        #expect(budgets.count == 1)
        #expect(budget.sentence == sentence)
        #expect(budget.spare == spare)
    }

    @Test func scansNeedFPlusOneThatAgree() throws {
        let budget = try #require(FaultBudget.budgets(network: Self.network(13, threshold: 9), targets: Self.targets("scans", working: 12, of: 13)).first)
        #expect(budget.needed == 5)
        #expect(budget.sentence == "Scans: 12 of 13 ready; a verified read needs 5 that agree, so 7 more can fail")
    }

    @Test(arguments: [(4, 3, 3), (7, 5, 5), (12, 8, 8), (13, 9, 9), (60, 40, 40), (12, nil, 8), (10, 6, 7)])
    func theOrderingQuorumIsTheLargerOfThresholdAndTwoFPlusOne(svCount: Int, threshold: Int?, quorum: Int) {
        #expect(FaultBudget.orderingQuorum(svCount: svCount, votingThreshold: threshold) == quorum)
    }

    /// An SV with a sequencer listed twice (two components probe it) counts once.
    @Test func aTargetCountsOncePerSV() throws {
        let twice = Self.targets("sequencers", working: 4, of: 4) + Self.targets("sequencers", working: 4, of: 4)
        let budget = try #require(FaultBudget.budgets(network: Self.network(4, threshold: 3), targets: twice).first)
        #expect(budget.working == 4)
        #expect(budget.spare == 1)
    }
}
