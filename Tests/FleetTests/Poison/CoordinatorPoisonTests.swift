import Blobs
@testable import Fleet
import Foundation
import Llama
import Messages
import TestSupport
import Testing

/// Updates any producer could send, which used to throw out of the coordinator's loop (a blob with the right hash
/// that is no safetensors, a truncated or corrupt frame) or overflow its arithmetic (a version of Int.min), or
/// carry NaN into AdamW: each is dead-lettered with its reason, and the version committed from the good update
/// behind them is exactly the one the good update alone makes.
@Suite struct CoordinatorPoisonTests {
    @Test func badUpdatesAreDeadLetteredAndNeverApplied() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = fixture.store

        var bad: [(UpdateMessage, String)] = []
        // The right hash, wrong bytes: a blob that is not a safetensors file, and one cut short.
        let garbage = Array("not a safetensors file".utf8)
        let garbageID = try await store.put(garbage)
        var notSafetensors = try await fixture.update(rolloutIDs: ["g1@v0"], baseVersion: 0)
        notSafetensors.payload = .blob(sha256: garbageID.sha256, size: garbage.count)
        bad.append((notSafetensors, "safetensors"))
        var truncated = try await fixture.update(rolloutIDs: ["g2@v0"], baseVersion: 0)
        if case .blob(let sha, let size) = truncated.payload {
            let cut = Array(try await store.get(try BlobID(sha256: sha)).prefix(size / 2))
            truncated.payload = .blob(sha256: try await store.put(cut).sha256, size: cut.count)
        }
        bad.append((truncated, "update"))
        // A size that disagrees with the blob, and a blob that is not there.
        var wrongSize = try await fixture.update(rolloutIDs: ["g3@v0"], baseVersion: 0)
        if case .blob(let sha, let size) = wrongSize.payload { wrongSize.payload = .blob(sha256: sha, size: size - 1) }
        bad.append((wrongSize, "bytes, but the reference to it says"))
        var missing = try await fixture.update(rolloutIDs: ["g4@v0"], baseVersion: 0)
        missing.payload = .blob(sha256: String(repeating: "e", count: 64), size: 1000)
        bad.append((missing, "is not in memory"))
        // Non-finite gradients.
        bad.append((try await fixture.update(rolloutIDs: ["nan@v0"], baseVersion: 0) { $0[17] = .nan }, "nan in"))
        bad.append((try await fixture.update(rolloutIDs: ["inf@v0"], baseVersion: 0) { $0[3] = -.infinity }, "-inf in"))
        // Versions and ids that do not add up.
        var minBase = try await fixture.update(rolloutIDs: ["m@v0"], baseVersion: 0)
        minBase.baseVersion = Int.min
        bad.append((minBase, "base version -9223372036854775808"))
        bad.append((try await fixture.update(rolloutIDs: ["f@v0"], baseVersion: 5), "base version 5 is not a committed version"))
        bad.append((try await fixture.update(rolloutIDs: [], baseVersion: 0), "names no rollout"))
        bad.append((try await fixture.update(rolloutIDs: ["no-version"], baseVersion: 0), "is not <prompt>@v<version>"))
        var forged = try await fixture.update(rolloutIDs: ["x@v0"], baseVersion: 0)
        forged.id = "u-forged"
        bad.append((forged, "its id is not the hash"))
        var huge = try await fixture.update(rolloutIDs: ["h@v0"], baseVersion: 0)
        huge.payload = .blob(sha256: String(repeating: "d", count: 64), size: 1 << 40)
        bad.append((huge, "this run's gradients take at most"))
        for (update, _) in bad { try await fixture.publish(update, to: fixture.topics.updates) }
        // A zstd frame that is not one, in a directory store, is the record's fault too: see the blob store tests.
        let good = try await fixture.update(rolloutIDs: ["good@v0"], baseVersion: 0)
        try await fixture.publish(good, to: fixture.topics.updates)

        let coordinator = try fixture.coordinator(directory: directory)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        try await eventually("the good update committed", within: .seconds(30)) { coordinator.statistics.versions == 1 }
        let letters = try fixture.deadLetters
        #expect(letters.count == bad.count)
        for (_, reason) in bad {
            #expect(letters.contains { $0.stage == "coordinator" && $0.reason.contains(reason) }, "\(reason): \(letters.map(\.reason))")
        }
        #expect(coordinator.statistics.applied == 1)

        // The committed weights are finite, and exactly what the good update alone makes from the base.
        let committed = try #require(try CheckpointStore(directory: directory).load())
        let policy = try await PolicyCodec.load(committed.announcement, store: store, worker: fixture.worker)
        #expect(policy.model.parameters.arena.firstNonFinite() == nil)
        let alone = PoisonFixture()
        let aloneDirectory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: aloneDirectory) }
        try await alone.publish(try await alone.update(rolloutIDs: ["good@v0"], baseVersion: 0), to: alone.topics.updates)
        let reference = try alone.coordinator(directory: aloneDirectory)
        let referenceRun = Task { try await reference.run(bus: alone.bus, base: { try TinyPolicy.base() }) }
        defer { referenceRun.cancel() }
        try await eventually("the reference committed", within: .seconds(30)) { reference.statistics.versions == 1 }
        let expected = try #require(try CheckpointStore(directory: aloneDirectory).load())
        #expect(committed.announcement.checksum == expected.announcement.checksum)
    }

    /// A gradient blob whose zstd frame was cut short on disk is the record's fault, not the store's: dead-lettered,
    /// and the coordinator goes on.
    @Test func aTruncatedFrameInADirectoryStoreIsDeadLettered() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let disk = try DirectoryBlobStore(root: directory.appendingPathComponent("blobs"))
        var cut = try await fixture.update(rolloutIDs: ["cut@v0"], baseVersion: 0)
        guard case .blob(let sha, let size) = cut.payload else { Issue.record("gradients go by reference"); return }
        let id = try await disk.put(try await fixture.store.get(try BlobID(sha256: sha)))
        let file = disk.path(of: id)
        let frame = try Data(contentsOf: file)
        try frame.prefix(frame.count / 2).write(to: file)
        cut.payload = .blob(sha256: id.sha256, size: size)
        try await fixture.publish(cut, to: fixture.topics.updates)
        let coordinator = CoordinatorService(
            topics: fixture.topics,
            settings: CoordinatorSettings(updatesPerVersion: 1, schedule: LearningRateSchedule(peak: 1e-2), maxLag: 4),
            store: disk, checkpoints: try CheckpointStore(directory: directory.appendingPathComponent("checkpoint")),
            retry: PoisonFixture.quickRetry)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        try await eventually("the update dead-lettered") { try fixture.deadLetters.count == 1 }
        let reason = try fixture.deadLetters[0].reason
        #expect(reason.contains("zstd"), "\(reason)")
        #expect(coordinator.statistics.versions == 0)
        let good = try await fixture.update(rolloutIDs: ["good@v0"], baseVersion: 0)
        guard case .blob(let goodSHA, _) = good.payload else { return }
        _ = try await disk.put(try await fixture.store.get(try BlobID(sha256: goodSHA)))
        try await fixture.publish(good, to: fixture.topics.updates)
        try await eventually("the next update committed") { coordinator.statistics.versions == 1 }
    }

    /// A step that would write an infinity into the weights (here a learning rate of 1e38 with clipping off) is not
    /// committed: its update is dead-lettered and the coordinator keeps the last committed version.
    @Test func aStepThatWouldMakeTheWeightsNonFiniteIsNotCommitted() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0), to: fixture.topics.updates)
        let coordinator = try fixture.coordinator(directory: directory, learningRate: 1e38, maxGradNorm: 0)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        try await eventually("the update dead-lettered") { try fixture.deadLetters.count == 1 }
        #expect(try fixture.deadLetters[0].reason.contains("the step made the weights"))
        #expect(coordinator.statistics.versions == 0)
        let checkpoint = try #require(try CheckpointStore(directory: directory).load())
        #expect(checkpoint.version == 0)
        // The acknowledged record is not redelivered, and the coordinator still takes good updates.
        try await fixture.publish(try await fixture.update(rolloutIDs: ["b@v0"], baseVersion: 0) { $0.update(repeating: 0) }, to: fixture.topics.updates)
        try await eventually("the zero update applied") { coordinator.statistics.applied == 2 }
    }

    /// The double-apply window: with max lag 2, an update whose rollout was sampled at v1 but whose gradient was
    /// taken at v3 is applied at v3; by v5 its rollout id is pruned (sampled more than 2 versions back). Judged by
    /// its base version alone (5 − 3 ≤ 2) it was still fresh, so its redelivery was applied a second time. With one
    /// rule for both, the redelivery is stale. (`coordinator.dedupe-versions` would remember the id for longer by
    /// default; it is set to the max lag here so that the prune this test is about happens.)
    @Test func aRedeliveryAfterItsIDWasPrunedIsNotAppliedTwice() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let late = try await fixture.update(rolloutIDs: ["late@v1"], baseVersion: 3)
        let sequence = [
            try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0),
            try await fixture.update(rolloutIDs: ["b@v1"], baseVersion: 1),
            try await fixture.update(rolloutIDs: ["c@v2"], baseVersion: 2),
            late,
            try await fixture.update(rolloutIDs: ["d@v4"], baseVersion: 4),
        ]
        let coordinator = try fixture.coordinator(directory: directory, maxLag: 2, dedupeVersions: 2)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        for (index, update) in sequence.enumerated() {
            try await fixture.publish(update, to: fixture.topics.updates)
            try await eventually("update \(index) applied", within: .seconds(30)) { coordinator.statistics.versions == index + 1 }
        }
        let checkpoint = try #require(try CheckpointStore(directory: directory).load())
        #expect(!checkpoint.appliedRolloutIDs.contains("late@v1"), "pruned by v\(checkpoint.version)")
        // The same record again, as after a crash inside the offset-commit interval.
        try await fixture.publish(late, to: fixture.topics.updates)
        try await eventually("the redelivery judged") {
            let s = coordinator.statistics
            return s.applied + s.stale + s.duplicates == sequence.count + 1
        }
        #expect(coordinator.statistics.applied == sequence.count, "applied once, not twice")
        #expect(coordinator.statistics.versions == sequence.count)
    }

    /// A generator that crashes after sampling a prompt but before committing its offset samples it again after the
    /// restart, at the newer version: a new rollout id for the same prompt. The coordinator trains on it once.
    @Test func aPromptSampledAgainByANewerVersionIsNotTrainedTwice() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try fixture.coordinator(directory: directory, maxLag: 4)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["p7@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("the first sampling applied", within: .seconds(30)) { coordinator.statistics.versions == 1 }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["p7@v1"], baseVersion: 1), to: fixture.topics.updates)
        try await fixture.publish(try await fixture.update(rolloutIDs: ["p8@v1"], baseVersion: 1), to: fixture.topics.updates)
        try await eventually("both judged", within: .seconds(30)) {
            let s = coordinator.statistics
            return s.applied + s.duplicates == 3
        }
        #expect(coordinator.statistics.duplicates == 1 && coordinator.statistics.applied == 2)
    }
}
