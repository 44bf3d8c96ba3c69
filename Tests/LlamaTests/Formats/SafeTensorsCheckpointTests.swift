import Foundation
import Llama
import Testing

@Suite("Sharded safetensors checkpoints")
struct SafeTensorsCheckpointTests {
    /// Two shards: shard 1 holds "embed" and "layers.0.w", shard 2 holds "layers.1.w" and "ids".
    func writeShards(in dir: URL, weightMap: [String: String]? = nil) throws {
        var first = SafeTensorsWriter()
        try first.add("embed", shape: [2, 2], floats: [1, 2, 3, 4])
        try first.add("layers.0.w", shape: [1], floats: [5])
        try first.write(to: dir.appendingPathComponent("model-00001-of-00002.safetensors"))
        var second = SafeTensorsWriter()
        try second.add("layers.1.w", shape: [2], floats: [6, 7])
        try second.add("ids", shape: [1], int64s: [9])
        try second.write(to: dir.appendingPathComponent("model-00002-of-00002.safetensors"))
        let map =
            weightMap ?? [
                "embed": "model-00001-of-00002.safetensors", "layers.0.w": "model-00001-of-00002.safetensors",
                "layers.1.w": "model-00002-of-00002.safetensors", "ids": "model-00002-of-00002.safetensors",
            ]
        let index: [String: Any] = ["metadata": ["total_size": 36], "weight_map": map]
        try JSONSerialization.data(withJSONObject: index)
            .write(to: dir.appendingPathComponent(SafeTensorsCheckpoint.indexFileName))
    }

    @Test func loadsAcrossShards() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        try writeShards(in: dir)
        let checkpoint = try SafeTensorsCheckpoint(directory: dir)
        #expect(checkpoint.tensorNames == ["embed", "ids", "layers.0.w", "layers.1.w"])
        #expect(checkpoint.files.count == 2)
        #expect(try checkpoint.floats("embed") == [1, 2, 3, 4])
        #expect(try checkpoint.floats("layers.1.w") == [6, 7])
        #expect(try checkpoint.ints("ids") == [9])
        #expect(try checkpoint.info("embed").shape == [2, 2])
        let missing = #expect(throws: SafeTensorsError.self) { try checkpoint.floats("lm_head.weight") }
        #expect(missing?.problem == .tensorNotFound)
    }

    @Test func singleFileIsPreferred() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        var writer = SafeTensorsWriter()
        try writer.add("w", shape: [1], floats: [3])
        try writer.write(to: dir.appendingPathComponent(SafeTensorsCheckpoint.singleFileName))
        #expect(try SafeTensorsCheckpoint(directory: dir).floats("w") == [3])
    }

    @Test func indexThatDisagreesWithShardsIsRejected() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        try writeShards(
            in: dir,
            weightMap: [
                "embed": "model-00002-of-00002.safetensors", "layers.1.w": "model-00002-of-00002.safetensors",
            ])
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsCheckpoint(directory: dir) }
        #expect(error?.tensor == "embed")
        guard case .badIndex = error?.problem else {
            Issue.record("expected badIndex, got \(String(describing: error))")
            return
        }
    }

    @Test func missingShardAndEmptyDirectoryAreErrors() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        #expect(throws: SafeTensorsError.self) { try SafeTensorsCheckpoint(directory: dir) }
        try writeShards(in: dir, weightMap: ["embed": "model-00003-of-00002.safetensors"])
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsCheckpoint(directory: dir) }
        #expect(error?.file.hasSuffix("model-00003-of-00002.safetensors") == true)
    }

    @Test func duplicateTensorAcrossFilesIsRejected() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        var writer = SafeTensorsWriter()
        try writer.add("w", shape: [1], floats: [3])
        try writer.write(to: dir.appendingPathComponent("a.safetensors"))
        try writer.write(to: dir.appendingPathComponent("b.safetensors"))
        let files = try ["a", "b"].map {
            try SafeTensorsFile(contentsOf: dir.appendingPathComponent("\($0).safetensors"))
        }
        #expect(throws: SafeTensorsError.self) { try SafeTensorsCheckpoint(files: files) }
    }
}
