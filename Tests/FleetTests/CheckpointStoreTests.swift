import Fleet
import Messages
import Foundation
import Testing

@Suite struct CheckpointStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-ckpt-\(UUID())")

    @Test func savesAtomicallyAndReloads() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(directory: directory)
        #expect(try store.load() == nil)
        var checkpoint = CoordinatorCheckpoint(announcement: announcement(1), appliedRolloutIDs: ["p1@v0"])
        try store.save(checkpoint)
        checkpoint.announcement = announcement(2)
        checkpoint.appliedRolloutIDs.insert("p2@v1")
        try store.save(checkpoint)
        #expect(try CheckpointStore(directory: directory).load() == checkpoint)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["checkpoint-v1.json", "checkpoint-v2.json", "checkpoint.json"], "no temporary file is left")
    }

    @Test func aClaimRaisesTheEpochAndAStaleEpochCannotSave() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(directory: directory)
        let first = try store.claim(CoordinatorCheckpoint(announcement: announcement(0)))
        #expect(first.epoch == 1 && first.announcement.epoch == 1)
        var next = first
        next.announcement = announcement(1)
        try store.save(next)  // the same epoch commits
        let second = try store.claim(first)  // a standby holding v0 in memory takes over: it continues from v1
        #expect(second.epoch == 2 && second.version == 1)
        next.announcement = announcement(2)
        #expect(throws: FleetError.fenced(epoch: 1, by: 2, version: 2)) { try store.save(next) }
        #expect(try store.load() == second)
    }

    /// Checkpoints written before fencing have no epoch: they read as epoch 0.
    @Test func aCheckpointWithoutAnEpochReadsAsEpochZero() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(directory: directory)
        try store.save(CoordinatorCheckpoint(announcement: announcement(3), appliedRolloutIDs: ["x@v2"]))
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: store.current)) as! [String: Any]
        #expect(json.removeValue(forKey: "epoch") as? Int == 0)
        try JSONSerialization.data(withJSONObject: json).write(to: store.current)
        let loaded = try #require(try store.load())
        #expect(loaded.epoch == 0 && loaded.version == 3 && loaded.appliedRolloutIDs == ["x@v2"])
    }

    /// An id without a version cannot arrive any more (updates naming one are dead-lettered), so it is not kept
    /// forever either.
    @Test func pruningKeepsOnlyRolloutsThatCouldStillArrive() {
        var checkpoint = CoordinatorCheckpoint(
            announcement: announcement(10), appliedRolloutIDs: ["a@v9", "b@v7", "c@v6", "d@v2", "odd-id"])
        checkpoint.prune(maxLag: 2)
        #expect(checkpoint.appliedRolloutIDs == ["a@v9", "b@v7"])
    }

    /// A prompt sampled again after its generator died comes back under a newer version, maybe many versions after
    /// its first rollout was applied (the soak saw 7 with a max lag of 4): its first id must still be remembered.
    @Test func theDedupeWindowKeepsPromptsLongerThanTheMaxLag() {
        var checkpoint = CoordinatorCheckpoint(
            announcement: announcement(300), appliedRolloutIDs: ["a@v299", "b@v100", "c@v43", "d@v42", "e@v7"])
        checkpoint.prune(maxLag: 4, dedupeVersions: 256)
        #expect(checkpoint.appliedRolloutIDs == ["a@v299", "b@v100", "c@v43"])
        checkpoint.prune(maxLag: 4, dedupeVersions: 0)
        #expect(checkpoint.appliedRolloutIDs == ["a@v299"], "never fewer than the max lag")
    }

    func announcement(_ version: Int) -> PolicyAnnouncement {
        let hash = String(repeating: "a", count: 64)
        return PolicyAnnouncement(
            version: version, checksum: hash, size: 1, weights: .blob(sha256: hash, size: 1), format: "safetensors",
            appliedUpdates: 0, config: "{}", tokenizer: .inline([]))
    }

    @Test func aCorruptCheckpointIsAClearError() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(directory: directory)
        try Data("{\"version\": 3".utf8).write(to: store.current)
        let error = #expect(throws: FleetError.self) { try store.load() }
        #expect(error?.description.contains("checkpoint-v<N>.json") == true)
    }

    @Test func updateIDsDependOnContentNotOrder() {
        let a = DeterministicID.update(baseVersion: 3, rolloutIDs: ["p1@v3", "p2@v3"])
        #expect(a == DeterministicID.update(baseVersion: 3, rolloutIDs: ["p2@v3", "p1@v3"]))
        #expect(a != DeterministicID.update(baseVersion: 4, rolloutIDs: ["p1@v3", "p2@v3"]))
        #expect(a != DeterministicID.update(baseVersion: 3, rolloutIDs: ["p1@v3"]))
    }

    @Test func policyLag() {
        let lag = PolicyLag(maxLag: 2)
        #expect(lag.accepts(5, newest: 7))
        #expect(!lag.accepts(4, newest: 7))
        #expect(PolicyLag(maxLag: 0).accepts(7, newest: 7))
        // Versions off the wire: nothing overflows, and a negative version is never accepted.
        #expect(!lag.accepts(Int.min, newest: 7))
        #expect(!lag.accepts(-1, newest: 0))
        #expect(lag.accepts(Int.max, newest: 7))
        #expect(!lag.accepts(0, newest: Int.max))
        #expect(PolicyLag(maxLag: Int.max).accepts(0, newest: Int.max))
    }
}
