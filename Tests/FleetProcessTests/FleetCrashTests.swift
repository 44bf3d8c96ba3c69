import Fleet
import FleetRuntime
import Foundation
import Messages
import TestSupport
import Testing

/// SIGKILL the trainer and the coordinator mid-run, restart them, and prove from the topics and the coordinator's
/// checkpoints that no prompt was lost and no rollout was trained on twice.
@Suite(.serialized) struct FleetCrashTests {
    @Test func killedTrainerAndCoordinatorResumeWithoutLossOrDoubleTraining() async throws {
        var configuration = try FleetFixture.configuration(runId: "crash")
        // No staleness drops: every rollout must end up applied exactly once, which makes the count exact.
        configuration.settings.shared.maxLag = 1000
        defer { FleetFixture.remove(configuration) }
        let checkpoints = try CheckpointStore(directory: configuration.checkpointDirectory)
        let first = FleetFixture.prompts("a", count: 16)
        let second = FleetFixture.prompts("b", count: 16)
        try await FleetFixture.withFleet(configuration) { fleet in
            try await fleet.feed(first)
            try await eventually("version 1 committed", within: .seconds(90), polling: ProcessWait.polling) {
                await fleet.snapshot().policyVersion ?? 0 >= 1
            }

            let trainer = try #require(fleet.child(named: "trainer-1"))
            let coordinator = try #require(fleet.child(named: "coordinator"))
            trainer.send(SIGKILL)
            coordinator.send(SIGKILL)
            #expect(await trainer.waitForExit() == SIGKILL)
            #expect(await coordinator.waitForExit() == SIGKILL)
            let atCrash = try #require(try checkpoints.load())
            let versionAtCrash = atCrash.version
            try await fleet.feed(second)  // work keeps arriving while they are down
            try trainer.start()
            try coordinator.start()

            let fed = Set((first + second).map(\.id))
            try await eventually("every prompt sampled", within: .seconds(90), polling: ProcessWait.polling) {
                fleet.ledger.sampledPromptIDs.isSuperset(of: fed)
            }
            // Everything applied but a last partial batch (2 updates per version), and versions moved on after the crash.
            try await eventually(
                "every rollout applied after the restart", within: .seconds(75), polling: ProcessWait.polling
            ) {
                let ledger = fleet.ledger
                guard let checkpoint = try checkpoints.load(), checkpoint.version >= versionAtCrash + 2 else { return false }
                return ledger.rolloutIDs.count - checkpoint.appliedRolloutIDs.count < 2
                    && ledger.rolloutIDs.count >= fed.count
            }
            let final = try #require(try checkpoints.load())
            let ledger = fleet.ledger
            #expect(final.appliedRolloutIDs.isSubset(of: ledger.rolloutIDs), "only real rollouts were applied")
            // Each version's announcement counts the updates it applied; a rollout applied twice would make the sum
            // exceed the number of distinct rollout ids in the checkpoint.
            let perVersion = try (1...final.version).map { version -> Int in
                let url = configuration.checkpointDirectory.appendingPathComponent("checkpoint-v\(version).json")
                return try JSONDecoder().decode(CoordinatorCheckpoint.self, from: Data(contentsOf: url)).announcement.appliedUpdates
            }
            #expect(perVersion.reduce(0, +) == final.appliedRolloutIDs.count, "applied per version \(perVersion)")
            #expect(Set(ledger.updates.values.flatMap { $0 }).isSuperset(of: final.appliedRolloutIDs))
            // The restarted coordinator applied exactly what the checkpoint at the crash lacked (plus at most the
            // pending half batch): redelivered updates of versions committed before the crash were dropped.
            let metrics = try #require(coordinator.metricsURL)
            let owed = Double(final.appliedRolloutIDs.count - atCrash.appliedRolloutIDs.count)
            try await eventually(
                "the restarted coordinator's metrics show what it applied",
                within: ProcessWait.deadline, polling: ProcessWait.polling
            ) {
                try await MetricsScrape.fetch(metrics).sum("tao_updates_applied_total") >= owed
            }
            #expect(try await MetricsScrape.fetch(metrics).sum("tao_updates_applied_total") <= owed + 1)
        }
    }
}
