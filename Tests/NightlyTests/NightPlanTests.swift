import Messages
import Nightly
import Testing

struct NightPlanTests {
    let partitions = [
        NightPlan.Partition(partition: 0, next: 10, highWatermark: 20),
        NightPlan.Partition(partition: 1, next: 4, highWatermark: 5),
        NightPlan.Partition(partition: 2, next: 7, highWatermark: 7),
    ]

    @Test func aFirstNightTakesEverythingSinceTheCommittedOffsets() throws {
        let plan = try Self.plan(NightPlan.make(records: [], partitions: partitions, maxPrompts: 100))
        #expect(plan.night == 1 && plan.attempt == 1 && plan.remaining == 11)
        #expect(plan.window == [.init(partition: 0, from: 10, to: 20), .init(partition: 1, from: 4, to: 5), .init(partition: 2, from: 7, to: 7)])
    }

    @Test func theBudgetIsSharedSoABusyPartitionCannotStarveTheOthers() throws {
        let plan = try Self.plan(NightPlan.make(records: [], partitions: partitions, maxPrompts: 4))
        #expect(plan.window.map(\.count) == [3, 1, 0])
        #expect(plan.remaining == 4)
    }

    @Test func afterAFinishedNightTheNextNumberTakesWhatArrivedSince() throws {
        let records = [
            NightRecord(night: 1, status: .started, attempt: 1, window: [], startedAt: 0),
            NightRecord(night: 1, status: .finished, attempt: 1, window: [], startedAt: 0, finishedAt: 1),
        ]
        let plan = try Self.plan(NightPlan.make(records: records, partitions: partitions, maxPrompts: 5))
        #expect(plan.night == 2 && plan.attempt == 1 && plan.remaining == 5)
    }

    @Test func aNightThatStartedAndNeverFinishedIsRunAgainWithItsWindow() throws {
        let window: [NightRecord.Range] = [.init(partition: 0, from: 6, to: 14), .init(partition: 1, from: 2, to: 5)]
        let records = [
            NightRecord(night: 2, status: .started, attempt: 1, window: window, startedAt: 0),
            NightRecord(night: 2, status: .started, attempt: 2, window: window, startedAt: 5),
        ]
        let plan = try Self.plan(NightPlan.make(records: records, partitions: partitions, maxPrompts: 1))
        // Same night, same window (not the budget of today's configuration), the prompts the generators did not reach.
        #expect(plan.night == 2 && plan.attempt == 3 && plan.window == window)
        #expect(plan.remaining == (14 - 10) + (5 - 4))
    }

    @Test func withNothingNewThereIsNoNight() {
        let records = [NightRecord(night: 3, status: .finished, attempt: 1, window: [], startedAt: 0, finishedAt: 1)]
        let drained = partitions.map { NightPlan.Partition(partition: $0.partition, next: $0.highWatermark, highWatermark: $0.highWatermark) }
        #expect(NightPlan.make(records: records, partitions: drained, maxPrompts: 10) == .nothingNew(available: 0, lastNight: 3))
        #expect(NightPlan.make(records: records, partitions: partitions, maxPrompts: 10, minPrompts: 12)
            == .nothingNew(available: 10, lastNight: 3))
    }

    static func plan(_ next: NightPlan.Next) throws -> NightPlan {
        guard case .run(let plan) = next else { throw PlanMissing(next: next) }
        return plan
    }

    struct PlanMissing: Error { let next: NightPlan.Next }
}
