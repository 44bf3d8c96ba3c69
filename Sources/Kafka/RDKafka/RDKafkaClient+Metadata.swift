import CRdKafka

/// What a metadata request says about the cluster, copied out of librdkafka.
struct RDKafkaMetadata: Sendable, Hashable {
    /// `host:port` of every broker.
    var brokers: [String]
    /// Every topic the cluster has, with its partition count.
    var partitionCounts: [String: Int]
}

extension RDKafkaClient {
    /// Blocking: the metadata of every broker and of every topic (`rd_kafka_metadata` with `all_topics=1`), or
    /// with `allTopics: false` only of the topics this client already knows (brokers only, for a reachability probe).
    ///
    /// All topics or known ones, never named ones: a broker with auto-creation on (and librdkafka's mock cluster)
    /// creates a topic named in a metadata request. Throws `.brokerUnreachable` when no broker answers within
    /// `timeoutMs`.
    func metadata(allTopics: Bool = true, timeoutMs: Int32) throws -> RDKafkaMetadata {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(handle, allTopics ? 1 : 0, nil, &metadata, timeoutMs)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw RDKafkaError.make(
                .brokerUnreachable, error, while: "asking for cluster metadata",
                bootstrapServers: context.bootstrapServers)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let brokers = UnsafeBufferPointer(start: metadata.pointee.brokers, count: Int(metadata.pointee.broker_cnt))
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        var partitionCounts: [String: Int] = [:]
        for topic in topics where topic.err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART {
            partitionCounts[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return RDKafkaMetadata(
            brokers: brokers.map { "\(String(cString: $0.host)):\($0.port)" }, partitionCounts: partitionCounts)
    }
}
