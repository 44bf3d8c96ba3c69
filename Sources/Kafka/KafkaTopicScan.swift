/// One pass over chosen offsets of a topic's partitions, as no group's member: what a batch job needs to replay a
/// slice of a log (`tao rescore` re-scores a range of a candidates topic) without joining the group that consumes it.
///
/// The reader starts every partition at its beginning (the group-less reader cannot start elsewhere) and hands
/// `body` only the records of each partition's range, in offset order; it ends once every range is read through.
/// Records arriving after the scan began are never read: `ranges` are fixed before it starts.
public enum KafkaTopicScan {
    /// Each partition's first retained offset and the offset its next record will get, now.
    public static func watermarks(
        _ topic: String, partitions: Int, configuration: KafkaConfiguration, timeout: Duration = .seconds(30)
    ) async throws -> [Int32: (low: Int64, high: Int64)] {
        let reader = try makeReader(topic, configuration: configuration)
        do {
            var result: [Int32: (low: Int64, high: Int64)] = [:]
            for partition in 0..<Int32(partitions) {
                result[partition] = try await reader.watermarks(topic: topic, partition: partition, timeout: timeout)
            }
            try await reader.close()
            return result
        } catch {
            try? await reader.close()
            throw error
        }
    }

    /// Calls `body` with every record of `topic` whose offset is in its partition's range (`ranges`: partition →
    /// offsets `from..<to`, each `to` at most the partition's high watermark, or the scan waits for records that
    /// do not exist yet). A partition not in `ranges`, or with an empty range, is not read.
    public static func read(
        _ topic: String, ranges: [Int32: Range<Int64>], configuration: KafkaConfiguration,
        body: (KafkaConsumerMessage) async throws -> Void
    ) async throws {
        var remaining = ranges.filter { !$0.value.isEmpty }
        guard !remaining.isEmpty else { return }
        let reader = try makeReader(topic, configuration: configuration)
        do {
            for try await message in reader.messages {
                guard let range = remaining[message.partition] else { continue }
                if range.contains(message.offset) { try await body(message) }
                if message.offset + 1 >= range.upperBound { remaining[message.partition] = nil }
                if remaining.isEmpty { break }
            }
            try await reader.close()
        } catch {
            try? await reader.close()
            throw error
        }
    }

    private static func makeReader(_ topic: String, configuration: KafkaConfiguration) throws -> KafkaConsumer {
        try KafkaConsumer(
            configuration: configuration,
            consumer: KafkaConsumerConfiguration(
                groupId: nil, topics: [topic], autoOffsetReset: .earliest, fetchWaitMax: .milliseconds(20),
                pollTimeout: .milliseconds(50)))
    }
}
