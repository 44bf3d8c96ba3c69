import Fleet
import Foundation
import Testing

@Suite struct CheckpointStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-ckpt-\(UUID())")

    @Test func savesAtomicallyAndReloads() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(directory: directory)
        #expect(try store.load() == nil)
        var checkpoint = CoordinatorCheckpoint(
            version: 1, weights: String(repeating: "a", count: 64), weightsSize: 10, appliedUpdateIDs: ["u-1"],
            updateOffsets: [0: 5])
        try store.save(checkpoint)
        checkpoint.version = 2
        checkpoint.appliedUpdateIDs.insert("u-2")
        try store.save(checkpoint)
        #expect(try CheckpointStore(directory: directory).load() == checkpoint)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["checkpoint-v1.json", "checkpoint-v2.json", "checkpoint.json"], "no temporary file is left")
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
    }
}
