/// A consumer's messages as an `AsyncSequence`; see `KafkaConsumer.messages`.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let consumer: KafkaConsumer

    public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

    public struct Iterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer

        /// Polls (one short blocking poll per hop to the consumer's queue, so commits and seeks interleave)
        /// until a message arrives, the consumer closes (nil) or the task is cancelled (throws).
        public mutating func next() async throws -> KafkaConsumerMessage? {
            let consumer = consumer
            while true {
                try Task.checkCancellation()
                if consumer.closed.load(ordering: .acquiring) { return nil }
                let message = try await consumer.blocking.run { () throws -> KafkaConsumerMessage? in
                    guard !consumer.closed.load(ordering: .acquiring) else { return nil }
                    return try consumer.poll()
                }
                if let message { return message }
            }
        }
    }
}
