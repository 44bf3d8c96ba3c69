import CRdKafka

extension KafkaConsumer {
    /// Moves this member's fetch position on an assigned partition; the next message yielded from it has
    /// `offset` (or the nearest later one). Waits up to `timeout` for the fetcher to accept the new position.
    public func seek(topic: String, partition: Int32, offset: Int64, timeout: Duration = .seconds(10)) async throws {
        try ensureOpen("seek")
        let client = client
        let bootstrapServers = bootstrapServers
        let target = KafkaTopicPartition(topic: topic, partition: partition)
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        let failure = try await blocking.run { () -> KafkaError? in
            RDKafkaTopicPartitionList.with([(target, offset)]) { list in
                if let error = RDKafkaError.consume(
                    rd_kafka_seek_partitions(client.handle, list, milliseconds), .consumerFailed,
                    while: "seeking \(target) to \(offset)", bootstrapServers: bootstrapServers)
                {
                    return error
                }
                let entry = RDKafkaTopicPartitionList.entries(list).first
                guard let entry, entry.error != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
                return RDKafkaError.make(
                    .consumerFailed, entry.error, while: "seeking \(target) to \(offset)",
                    bootstrapServers: bootstrapServers)
            }
        }
        if let failure { throw failure }
    }

    /// Lag per assigned partition: high watermark − committed offset (see `KafkaPartitionLag.lag`).
    /// Asks the cluster for committed offsets and watermarks, waiting up to `timeout` for each answer.
    public func lag(timeout: Duration = .seconds(10)) async throws -> [KafkaPartitionLag] {
        try ensureOpen("read lag")
        let partitions = try assignment()
        guard !partitions.isEmpty else { return [] }
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        let (error, lags) = try await blocking.run { () -> (rd_kafka_resp_err_t, [KafkaPartitionLag]) in
            RDKafkaTopicPartitionList.with(partitions) { list in
                var error = rd_kafka_committed(client.handle, list, milliseconds)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { return (error, []) }
                let committed = RDKafkaTopicPartitionList.entries(list)
                _ = rd_kafka_position(client.handle, list)
                let positions = RDKafkaTopicPartitionList.entries(list)
                var lags: [KafkaPartitionLag] = []
                for (stored, position) in zip(committed, positions) {
                    var low: Int64 = 0
                    var high: Int64 = 0
                    error = rd_kafka_query_watermark_offsets(
                        client.handle, stored.partition.topic, stored.partition.partition, &low, &high, milliseconds)
                    guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { return (error, []) }
                    let committedOffset = stored.offset >= 0 ? stored.offset : nil
                    let positionOffset = position.offset >= 0 ? position.offset : nil
                    let base = committedOffset ?? positionOffset ?? low
                    lags.append(
                        KafkaPartitionLag(
                            partition: stored.partition, highWatermark: high, committed: committedOffset,
                            position: positionOffset, lag: max(0, high - base)))
                }
                return (error, lags)
            }
        }
        try check(error, while: "reading lag")
        return lags
    }
}
