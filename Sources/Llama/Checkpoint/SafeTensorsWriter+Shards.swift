import Foundation

extension SafeTensorsWriter {
    /// Total bytes of tensor data added so far.
    public var dataByteCount: Int {
        entries.values.reduce(0) { $0 + Self.byteCount($1.payload) }
    }

    /// Writes Hugging Face's sharded layout into `directory`: `model-0000k-of-0000n.safetensors` files of at most
    /// `maxShardBytes` of tensor data each (a larger single tensor gets a shard of its own), then
    /// `model.safetensors.index.json` mapping every tensor to its shard. Tensors go to shards in name order.
    /// - Returns: the shard file names, in order.
    @discardableResult
    public func writeShards(to directory: URL, maxShardBytes: Int) throws -> [String] {
        var groups: [[String]] = [[]]
        var groupBytes = 0
        for name in entries.keys.sorted() {
            let bytes = Self.byteCount(entries[name]!.payload)
            if groupBytes + bytes > maxShardBytes, !groups[groups.count - 1].isEmpty {
                groups.append([])
                groupBytes = 0
            }
            groups[groups.count - 1].append(name)
            groupBytes += bytes
        }
        let count = groups.count
        var weightMap: [String: String] = [:]
        var fileNames: [String] = []
        for (k, names) in groups.enumerated() {
            let fileName = String(format: "model-%05d-of-%05d.safetensors", k + 1, count)
            var shard = SafeTensorsWriter(metadata: metadata)
            for name in names {
                shard.entries[name] = entries[name]
                weightMap[name] = fileName
            }
            try shard.write(to: directory.appendingPathComponent(fileName))
            fileNames.append(fileName)
        }
        let index: [String: Any] = ["metadata": ["total_size": dataByteCount], "weight_map": weightMap]
        try JSONSerialization.data(withJSONObject: index, options: [.prettyPrinted, .sortedKeys])
            .write(to: directory.appendingPathComponent(SafeTensorsCheckpoint.indexFileName), options: .atomic)
        return fileNames
    }

    private static func byteCount(_ payload: Payload) -> Int {
        switch payload {
        case .float32(let values): 4 * values.count
        case .int64(let values): 8 * values.count
        }
    }
}
