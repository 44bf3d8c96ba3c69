import Blocking
import Logging

/// A consumer group's progress on a topic, read from outside the group: its committed offsets and each
/// partition's watermarks, asked of the cluster without joining (nothing is assigned, nothing rebalances).
///
/// What a scheduled job needs to know what a group has not processed yet — `tao nightly` takes the prompts since
/// the generators' committed offsets, and waits for the scorers' and trainers' lag to reach zero.
public enum KafkaGroupOffsets {
    /// Partition by partition (`0..<partitions`): the watermarks and the committed offset of `group` on `topic`.
    /// `lag` counts from the committed offset, or from the low watermark when nothing was committed (a new group
    /// reads from the earliest record).
    public static func read(
        group: String, topic: String, partitions: Int, configuration: KafkaConfiguration,
        timeout: Duration = .seconds(10)
    ) async throws -> [KafkaPartitionLag] {
        var properties = configuration.commonProperties()
        properties["group.id"] = group
        properties["enable.auto.commit"] = "false"
        let client = try RDKafkaClient(
            .consumer, properties: properties,
            context: RDKafkaClientContext(
                logger: Logger(label: "tao.kafka.offsets"), bootstrapServers: configuration.bootstrapServers))
        let worker = BlockingWorker(label: "tao.kafka.offsets")
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        let list = (0..<Int32(partitions)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        return try await worker.run {
            let committed = try client.committedOffsets(list, timeoutMs: milliseconds)
            return try zip(list, committed).map { partition, committed in
                let (low, high) = try client.watermarks(partition, timeoutMs: milliseconds)
                return KafkaPartitionLag(
                    partition: partition, highWatermark: high, committed: committed, position: nil,
                    lag: max(0, high - max(low, committed ?? low)))
            }
        }
    }

    /// The sum of `read`'s lags: how many records of `topic` the group has still to process.
    public static func lag(
        group: String, topic: String, partitions: Int, configuration: KafkaConfiguration
    ) async throws -> Int64 {
        try await read(group: group, topic: topic, partitions: partitions, configuration: configuration)
            .reduce(0) { $0 + $1.lag }
    }
}
