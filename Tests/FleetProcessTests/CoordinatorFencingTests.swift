import Fleet
import FleetRuntime
import Foundation
import Kafka
import Messages
import TestSupport
import Testing

/// The active coordinator is paused (SIGSTOP) until the standby takes the updates partition over and commits, then
/// resumed: the two must never both commit. On the policy topic that reads as two invariants — nothing a fenced
/// coordinator commits is announced (an older epoch after a newer one is only ever a late copy of shared history),
/// and no version is announced with two different weights.
@Suite(.serialized) struct CoordinatorFencingTests {
    @Test func aCoordinatorPausedWhileTheStandbyTookOverCommitsNothingOnceResumed() async throws {
        var configuration = try FleetFixture.configuration(runId: "fencing")
        configuration.standbyCoordinator = true
        configuration.settings.shared.maxLag = 1000
        defer { FleetFixture.remove(configuration) }
        let checkpoints = try CheckpointStore(directory: configuration.checkpointDirectory)
        func committed() throws -> CoordinatorCheckpoint? { try checkpoints.load() }
        try await FleetFixture.withFleet(configuration) { fleet in
            try await fleet.feed(FleetFixture.prompts("a", count: 24))
            try await eventually("version 2 committed", within: .seconds(90), polling: ProcessWait.polling) {
                try committed()?.version ?? 0 >= 2
            }
            let coordinators = ["coordinator", "coordinator-standby"].compactMap { fleet.child(named: $0) }
            var found: ChildProcess?
            try await eventually("the active coordinator found", within: ProcessWait.deadline, polling: ProcessWait.polling) {
                for child in coordinators {
                    guard let url = child.metricsURL else { continue }
                    if try await MetricsScrape.fetch(url).sum("tao_updates_applied_total") > 0 { found = child }
                }
                return found != nil
            }
            let paused = try #require(found)
            let atPause = try #require(try committed())
            paused.send(SIGSTOP)
            try await fleet.feed(FleetFixture.prompts("b", count: 24))
            try await eventually("the standby claimed the next epoch and committed", within: .seconds(90), polling: ProcessWait.polling) {
                guard let checkpoint = try committed() else { return false }
                return checkpoint.epoch > atPause.epoch && checkpoint.version > atPause.version
            }
            let takeover = try #require(try committed())
            paused.send(SIGCONT)
            try await fleet.feed(FleetFixture.prompts("c", count: 24))
            try await eventually("two more versions after the resume", within: .seconds(90), polling: ProcessWait.polling) {
                try committed()?.version ?? 0 >= takeover.version + 2
            }

            let kafka = KafkaConfiguration(bootstrapServers: try #require(fleet.bootstrapServers))
            let announcements = try await KafkaTopicSnapshot.read(configuration.topics.policy.name, configuration: kafka)
                .compactMap { try? WireCodec.decode(PolicyAnnouncement.self, from: $0.value) }
            // An older epoch's announcement after a newer one can only be of the shared history (the paused one was
            // stopped between its checkpoint and its announcement); one past the newer epoch's claim would be a
            // fenced commit.
            var fence = EpochFence()
            for announcement in announcements {
                if case .fenced = fence.admit(announcement) {
                    Issue.record("v\(announcement.version) of epoch \(announcement.fencingEpoch) announced after epoch \(fence.epoch) was claimed at v\(fence.claimedAt)")
                }
            }
            #expect(Set(announcements.map(\.fencingEpoch)).count >= 2, "the takeover claimed a new epoch")
            let checksums = Dictionary(grouping: announcements, by: \.version).mapValues { Set($0.map(\.checksum)) }
            #expect(checksums.values.allSatisfy { $0.count == 1 }, "a version with two sets of weights: \(checksums.filter { $0.value.count > 1 }.keys.sorted())")
            // Resumed, the paused one either found itself fenced when it went to commit and stopped, saying so,
            // or never went to commit (it learned of the rebalance first) and waits as a standby.
            if !paused.isRunning {
                let log = try String(contentsOf: configuration.logFile, encoding: .utf8)
                #expect(log.contains("fenced: this coordinator holds epoch"), "\(paused.name) exited \(paused.exitStatus ?? -1)")
            }
        }
    }
}
