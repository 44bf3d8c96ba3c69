/// Every record of a topic from its start up to its end at the time of the call: what a command needs to know the
/// current state of a small control topic (the promotion record) before acting on it.
public enum KafkaTopicSnapshot {
    /// Reads `topic` (partitions `0..<partitions`; the control topics have one) as a group-less reader until every
    /// partition's position reaches the high watermark it had when the read began.
    public static func read(
        _ topic: String, partitions: Int = 1, configuration: KafkaConfiguration, timeout: Duration = .seconds(30)
    ) async throws -> [KafkaConsumerMessage] {
        let reader = try KafkaConsumer(
            configuration: configuration,
            consumer: KafkaConsumerConfiguration(groupId: nil, topics: [topic], autoOffsetReset: .earliest,
                                                 fetchWaitMax: .milliseconds(20), pollTimeout: .milliseconds(50)))
        do {
            let messages = try await readToEnd(reader, topic: topic, partitions: partitions, timeout: timeout)
            try await reader.close()
            return messages
        } catch {
            try? await reader.close()
            throw error
        }
    }

    private static func readToEnd(
        _ reader: KafkaConsumer, topic: String, partitions: Int, timeout: Duration
    ) async throws -> [KafkaConsumerMessage] {
        var remaining: [Int32: Int64] = [:]
        for partition in 0..<Int32(partitions) {
            let end = try await reader.highWatermark(topic: topic, partition: partition, timeout: timeout)
            if end > 0 { remaining[partition] = end }
        }
        if remaining.isEmpty { return [] }
        var messages: [KafkaConsumerMessage] = []
        for try await message in reader.messages {
            messages.append(message)
            if let end = remaining[message.partition], message.offset + 1 >= end { remaining[message.partition] = nil }
            if remaining.isEmpty { break }
        }
        return messages
    }
}
