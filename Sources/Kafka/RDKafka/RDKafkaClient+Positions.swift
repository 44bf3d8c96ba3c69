import CRdKafka

/// A consumer's fetch positions: pausing, resuming, seeking, and the offsets behind lag. These act on the
/// handle's partitions whether a group assigned them or a group-less reader started them.
extension RDKafkaClient {
    /// Stops fetching from `partitions` (they stay assigned).
    func pause(_ partitions: [KafkaTopicPartition]) throws {
        let error = RDKafkaTopicPartitionList.with(partitions) { rd_kafka_pause_partitions(handle, $0) }
        try check(error, .consumerFailed, while: "pausing \(partitions)")
    }

    /// Resumes fetching from paused `partitions`.
    func resume(_ partitions: [KafkaTopicPartition]) throws {
        let error = RDKafkaTopicPartitionList.with(partitions) { rd_kafka_resume_partitions(handle, $0) }
        try check(error, .consumerFailed, while: "resuming \(partitions)")
    }

    /// Blocking: moves the fetch position of `partition` to `offset`, waiting up to `timeoutMs` for the fetcher.
    func seek(_ partition: KafkaTopicPartition, to offset: Int64, timeoutMs: Int32) throws {
        let operation = "seeking \(partition) to \(offset)"
        let failure = RDKafkaTopicPartitionList.with([(partition, offset)]) { list -> KafkaError? in
            if let error = RDKafkaError.consume(
                rd_kafka_seek_partitions(handle, list, timeoutMs), .consumerFailed, while: operation,
                bootstrapServers: context.bootstrapServers)
            {
                return error
            }
            let entry = RDKafkaTopicPartitionList.entries(list).first
            guard let entry, entry.error != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            return RDKafkaError.make(
                .consumerFailed, entry.error, while: operation, bootstrapServers: context.bootstrapServers)
        }
        if let failure { throw failure }
    }

    /// Blocking: the group's committed offset of each of `partitions` (nil where none), in order
    /// (`rd_kafka_committed`); needs a consumer group.
    func committedOffsets(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws -> [Int64?] {
        try RDKafkaTopicPartitionList.with(partitions) { list in
            try check(rd_kafka_committed(handle, list, timeoutMs), .consumerFailed, while: "reading committed offsets")
            return RDKafkaTopicPartitionList.entries(list).map { $0.offset >= 0 ? $0.offset : nil }
        }
    }

    /// This consumer's fetch position (the next offset it will yield) on each of `partitions`, nil where it has none
    /// yet (`rd_kafka_position`).
    func positions(_ partitions: [KafkaTopicPartition]) -> [Int64?] {
        RDKafkaTopicPartitionList.with(partitions) { list in
            _ = rd_kafka_position(handle, list)
            return RDKafkaTopicPartitionList.entries(list).map { $0.offset >= 0 ? $0.offset : nil }
        }
    }

    /// Blocking: the low and high watermarks of `partition`, asked of its leader (`rd_kafka_query_watermark_offsets`).
    func watermarks(_ partition: KafkaTopicPartition, timeoutMs: Int32) throws -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let error = rd_kafka_query_watermark_offsets(
            handle, partition.topic, partition.partition, &low, &high, timeoutMs)
        try check(error, .consumerFailed, while: "reading the watermarks of \(partition)")
        return (low, high)
    }
}
