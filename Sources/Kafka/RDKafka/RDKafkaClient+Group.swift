import CRdKafka

/// Consumer-group membership on a consumer handle created with a `group.id`: subscribing, storing and committing
/// offsets, the assignment, leaving. Errors are `.consumerFailed` (or `.brokerUnreachable`).
extension RDKafkaClient {
    /// Routes the main queue's events (errors, logs) to the consumer queue, then subscribes to `topics`; partitions
    /// arrive through the rebalance callback while someone polls.
    func subscribe(_ topics: [String]) throws {
        rd_kafka_poll_set_consumer(handle)
        let partitions = topics.map { KafkaTopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) }
        let error = RDKafkaTopicPartitionList.with(partitions) { rd_kafka_subscribe(handle, $0) }
        try check(error, .consumerFailed, while: "subscribing to \(topics.joined(separator: ", "))")
    }

    /// Stores `offset` as the next offset to commit for `partition` (`rd_kafka_offsets_store`). A no-op when the
    /// partition is no longer assigned (revoked meanwhile: its new owner will see the message again).
    func storeOffset(_ offset: Int64, for partition: KafkaTopicPartition) throws {
        let error = RDKafkaTopicPartitionList.with([(partition, offset)]) { rd_kafka_offsets_store(handle, $0) }
        if error == RD_KAFKA_RESP_ERR__STATE || error == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION { return }
        try check(error, .consumerFailed, while: "storing offset \(offset) of \(partition)")
    }

    /// Blocking: commits the stored offsets and waits for the coordinator's answer. Nothing stored is not an error.
    func commitStoredOffsets(while operation: String = "committing offsets") throws {
        let error = rd_kafka_commit(handle, nil, 0)
        if error == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        try check(error, .consumerFailed, while: operation)
    }

    /// The partitions the group assigned to this member (`rd_kafka_assignment`), sorted.
    func groupAssignment() throws -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try check(rd_kafka_assignment(handle, &list), .consumerFailed, while: "reading the assignment")
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        return RDKafkaTopicPartitionList.entries(list).map(\.partition).sorted()
    }

    /// Blocking: commits the stored offsets, then leaves the group (`rd_kafka_consumer_close`), so other members
    /// take the partitions over at once. Leaves even when the commit fails, then throws the commit's error first.
    func commitAndLeaveGroup() throws {
        let commit = Result { try commitStoredOffsets(while: "committing offsets on close") }
        let closeError = rd_kafka_consumer_close(handle)
        try commit.get()
        try check(closeError, .consumerFailed, while: "closing the consumer")
    }
}
