import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Foundation
import Kafka
import Llama
import Messages
import TestSupport
import Testing

/// Two coordinators must never both commit: a coordinator paused past its session (GC, SIGSTOP, a stalled VM) while
/// a standby took the updates partition over must not, once resumed, commit or be followed.
@Suite struct FencingTests {
    @Test func aCoordinatorWhoseEpochWasClaimedCommitsNothingAndStops() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try fixture.coordinator(directory: directory)
        let run = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { run.cancel() }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("v1 committed") { coordinator.statistics.versions == 1 }
        let store = try CheckpointStore(directory: directory)
        let committed = try #require(try store.load())
        #expect(committed.version == 1 && committed.epoch == 1, "the first record claimed epoch 1")

        // A standby is given the partition and claims the next epoch; the paused one then gets another update.
        let claimed = try store.claim(committed)
        #expect(claimed.epoch == 2 && claimed.announcement.epoch == 2 && claimed.version == 1)
        try await fixture.publish(try await fixture.update(rolloutIDs: ["b@v1"], baseVersion: 1), to: fixture.topics.updates)
        let error = await #expect(throws: FleetError.self) { try await run.value }
        #expect(error == .fenced(epoch: 1, by: 2, version: 2))
        #expect(error?.description.contains("standby") == true, "\(String(describing: error))")
        #expect(try store.load() == claimed, "the fenced commit wrote nothing")
        let announced = try fixture.test.values(fixture.topics.policy).map { try WireCodec.decode(PolicyAnnouncement.self, from: $0) }
        #expect(announced.map(\.version).max() == 1, "v2 was never announced: \(announced.map(\.version))")
        #expect(announced.filter { $0.version == 1 }.allSatisfy { $0.epoch == 1 })
        #expect(try fixture.deadLetters.isEmpty)
    }

    /// A trainer that took its gradient at a version a fenced coordinator committed names that version's number and
    /// its epoch; the new epoch's coordinator, whose own version of that number has other weights, drops it.
    @Test func anUpdateTakenAtAFencedVersionIsDroppedAsStale() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let firstBus = WorkerBus(KafkaBus.inMemory(fixture.test.cluster))
        let first = try fixture.coordinator(directory: directory)
        let firstRun = Task { try await first.run(bus: firstBus, base: { try TinyPolicy.base() }) }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("v1 committed in epoch 1") { first.statistics.versions == 1 }
        firstRun.cancel()
        _ = await firstRun.result
        await firstBus.shutdown()

        let second = try fixture.coordinator(directory: directory)
        let secondRun = Task { try await second.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { secondRun.cancel() }
        func update(_ rollout: String, at version: Int, epoch: Int) async throws -> UpdateMessage {
            var update = try await fixture.update(rolloutIDs: [rollout], baseVersion: version)
            update.baseEpoch = epoch
            return update
        }
        // Epoch 1's v1 is the history epoch 2 was claimed at: still good.
        try await fixture.publish(try await update("b@v1", at: 1, epoch: 1), to: fixture.topics.updates)
        try await eventually("v2 committed in epoch 2", within: .seconds(30)) { second.statistics.versions == 1 }
        let checkpoint = try #require(try CheckpointStore(directory: directory).load())
        #expect(checkpoint.epoch == 2 && checkpoint.claims.map(\.epoch) == [1, 2] && checkpoint.claims.last?.version == 1)
        try await fixture.publish(try await update("c@v2", at: 2, epoch: 1), to: fixture.topics.updates)  // fenced v2
        try await fixture.publish(try await update("d@v2", at: 2, epoch: 2), to: fixture.topics.updates)
        try await eventually("v3 committed from d only") { second.statistics.versions == 2 }
        #expect(second.statistics.stale == 1 && second.statistics.applied == 2)
        let final = try #require(try CheckpointStore(directory: directory).load())
        #expect(final.appliedRolloutIDs == ["a@v0", "b@v1", "d@v2"])
    }

    /// What stages see when the fenced one got its commit out anyway (paused between its check and its rename):
    /// announcements of the old epoch after the new one are dead-lettered, and a policy from the fenced lineage that
    /// was already loaded is replaced by the version the new epoch was claimed at.
    @Test func stagesIgnoreAnOlderEpochAndRollBackWhatItCommitted() async throws {
        let fixture = PoisonFixture()
        func announce(seed: UInt64, version: Int, epoch: Int) async throws -> PolicyAnnouncement {
            var announcement = try await PolicyCodec.publish(
                try TinyPolicy.base(seed: seed), version: version, appliedUpdates: 0, store: fixture.store,
                worker: fixture.worker)
            announcement.epoch = epoch
            try await fixture.publish(announcement, to: fixture.topics.policy, key: announcement.id)
            return announcement
        }
        let holder = PolicyHolder<Float>()
        let watcher = PolicyWatcher(topics: fixture.topics, store: fixture.store, worker: fixture.worker, retry: PoisonFixture.quickRetry)
        let watching = Task {
            try await watcher.run(bus: fixture.bus, stage: "generator", into: holder) { $0.model.parameters.arena.buffer[0] }
        }
        defer { watching.cancel() }
        let first = { (seed: UInt64) -> Float in
            let policy = try TinyPolicy.base(seed: seed)
            return withExtendedLifetime(policy) { policy.model.parameters.arena.buffer[0] }
        }

        _ = try await announce(seed: 1, version: 1, epoch: 1)
        _ = try await announce(seed: 2, version: 2, epoch: 1)  // the paused coordinator's, as it turns out
        try await eventually("v2 of epoch 1 loaded") { holder.currentVersion == 2 }
        let values = try [1, 2, 4].map { try first(UInt64($0)) }  // the first weight of each seed's policy
        #expect(holder.loaded?.policy == values[1])

        _ = try await announce(seed: 1, version: 1, epoch: 2)  // the standby's claim re-announces v1
        try await eventually("back on v1, the new epoch's") { holder.currentVersion == 1 }
        #expect(holder.loaded?.policy == values[0])
        _ = try await announce(seed: 3, version: 3, epoch: 1)  // the fenced one, still publishing
        _ = try await announce(seed: 4, version: 2, epoch: 2)  // the new epoch's own v2
        try await eventually("the new epoch's v2 loaded") { holder.currentVersion == 2 }
        #expect(holder.loaded?.policy == values[2])
        try await eventually("the fenced v3 dead-lettered") { try fixture.deadLetters.count == 1 }
        let reason = try fixture.deadLetters[0].reason
        #expect(reason.contains("policy v3 comes from coordinator epoch 1, older than epoch 2"), "\(reason)")
        #expect(holder.newestAnnounced == 2, "v3 of the fenced epoch does not count as announced")
    }

    @Test func theFenceAdmitsTheSharedHistoryAndRefusesTheFencedLineage() {
        func announcement(_ version: Int, epoch: Int?) -> PolicyAnnouncement {
            let hash = String(repeating: "b", count: 64)
            return PolicyAnnouncement(
                version: version, checksum: hash, size: 1, weights: .blob(sha256: hash, size: 1), format: "safetensors",
                appliedUpdates: 0, config: "{}", tokenizer: .inline([]), epoch: epoch)
        }
        var fence = EpochFence()
        var lineage: [Int: PolicyAnnouncement] = [:]
        #expect(fence.add(announcement(0, epoch: nil), to: &lineage) == .current, "no epoch reads as 0")
        #expect(fence.add(announcement(0, epoch: 1), to: &lineage) == .newEpoch)
        for version in 1...3 { #expect(fence.add(announcement(version, epoch: 1), to: &lineage) == .current) }
        #expect(fence.add(announcement(2, epoch: 2), to: &lineage) == .newEpoch)
        #expect(lineage.keys.sorted() == [0, 1, 2] && lineage[2]?.epoch == 2, "v3 of epoch 1 is fenced out")
        #expect(fence.add(announcement(4, epoch: 1), to: &lineage) == .fenced(newest: 2))
        #expect(fence.add(announcement(1, epoch: 1), to: &lineage) == .late, "shared history, delivered late")
        #expect(lineage[1]?.epoch == 1 && lineage.count == 3)
        #expect(!fence.fences(epoch: 1, version: 2) && fence.fences(epoch: 1, version: 3) && !fence.fences(epoch: 2, version: 9))
    }
}
