import CRdKafka

/// Converts between Swift partition values and `rd_kafka_topic_partition_list_t`.
enum RDKafkaTopicPartitionList {
    typealias Pointer = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// One element read back from a C list.
    struct Entry: Sendable {
        var partition: KafkaTopicPartition
        var offset: Int64
        var error: rd_kafka_resp_err_t
    }

    /// Builds a list (owned for the duration of `body` only) with an optional offset per element.
    static func with<T>(
        _ elements: [(KafkaTopicPartition, Int64?)], _ body: (Pointer) throws -> T
    ) rethrows -> T {
        let list = rd_kafka_topic_partition_list_new(Int32(max(elements.count, 1)))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (element, offset) in elements {
            let entry = rd_kafka_topic_partition_list_add(list, element.topic, element.partition)!
            if let offset { entry.pointee.offset = offset }
        }
        return try body(list)
    }

    static func with<T>(_ partitions: [KafkaTopicPartition], _ body: (Pointer) throws -> T) rethrows -> T {
        try with(partitions.map { ($0, nil) }, body)
    }

    /// Copies the elements out of a list the caller keeps owning.
    static func entries(_ list: Pointer?) -> [Entry] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            return Entry(
                partition: KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                offset: element.offset, error: element.err)
        }
    }
}
