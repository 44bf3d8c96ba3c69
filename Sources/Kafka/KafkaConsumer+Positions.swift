extension KafkaConsumer {
    /// Moves this member's fetch position on an assigned partition; the next message yielded from it has
    /// `offset` (or the nearest later one). Waits up to `timeout` for the fetcher to accept the new position.
    public func seek(topic: String, partition: Int32, offset: Int64, timeout: Duration = .seconds(10)) async throws {
        try ensureOpen("seek")
        let client = client
        let target = KafkaTopicPartition(topic: topic, partition: partition)
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        try await blocking.run { try client.seek(target, to: offset, timeoutMs: milliseconds) }
    }

    /// The high watermark of `partition` of `topic` (the offset its next record will get), asked of its leader;
    /// works before anything is assigned to this consumer.
    public func highWatermark(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws -> Int64 {
        try ensureOpen("read a watermark")
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run {
            try client.watermarks(KafkaTopicPartition(topic: topic, partition: partition), timeoutMs: milliseconds).high
        }
    }

    /// The low and high watermarks of `partition` of `topic` (its first retained offset, and the offset its next
    /// record will get), asked of its leader; works before anything is assigned to this consumer.
    public func watermarks(
        topic: String, partition: Int32, timeout: Duration = .seconds(10)
    ) async throws -> (low: Int64, high: Int64) {
        try ensureOpen("read watermarks")
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run {
            try client.watermarks(KafkaTopicPartition(topic: topic, partition: partition), timeoutMs: milliseconds)
        }
    }

    /// Lag per assigned partition: high watermark − committed offset (see `KafkaPartitionLag.lag`).
    /// Asks the cluster for committed offsets and watermarks, waiting up to `timeout` for each answer.
    /// A group-less reader has no committed offsets: its lag is counted from its position.
    public func lag(timeout: Duration = .seconds(10)) async throws -> [KafkaPartitionLag] {
        try ensureOpen("read lag")
        let partitions = try assignment()
        guard !partitions.isEmpty else { return [] }
        let client = client
        let grouped = reader == nil
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run {
            let committed =
                grouped
                ? try client.committedOffsets(partitions, timeoutMs: milliseconds)
                : Array(repeating: nil, count: partitions.count)
            let positions = client.positions(partitions)
            return try zip(partitions, zip(committed, positions)).map { partition, offsets in
                let (committed, position) = offsets
                let (low, high) = try client.watermarks(partition, timeoutMs: milliseconds)
                let base = committed ?? position ?? low
                return KafkaPartitionLag(
                    partition: partition, highWatermark: high, committed: committed, position: position,
                    lag: max(0, high - base))
            }
        }
    }
}
