import Messages

/// The loop every stage runs: take a record, handle it, publish what it produced, then acknowledge it.
///
/// At-least-once: a record is acknowledged only after its outputs are published, so a crash in between redelivers
/// it, and the deterministic ids of the outputs let the next stage drop the duplicate. A record the handler rejects
/// (it throws) goes to the dead-letter topic with the reason and its original bytes, and the stage moves on: a bad
/// message never stops a worker. Errors of the bus itself are not the record's fault and end the loop, so the
/// process restarts and the record is delivered again.
public struct StageLoop: Sendable {
    public let stage: String
    public let bus: any MessageBus
    public let deadLetterTopic: String

    public init(stage: String, bus: any MessageBus, deadLetterTopic: String) {
        self.stage = stage
        self.bus = bus
        self.deadLetterTopic = deadLetterTopic
    }

    /// Runs until the subscription closes or the task is cancelled.
    /// - Parameter onHandled: called after each record, with whether it was dead-lettered (for metrics, progress).
    public func run(
        _ subscription: any BusSubscription,
        onHandled: @Sendable (BusRecord, _ rejected: Bool) -> Void = { _, _ in },
        handle: (BusRecord) async throws -> [OutgoingRecord]
    ) async throws {
        while let record = try await subscription.next() {
            let outputs: [OutgoingRecord]
            var rejected = false
            do {
                outputs = try await handle(record)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outputs = [try deadLetter(record, reason: "\(error)")]
                rejected = true
            }
            try await bus.publish(outputs)
            try subscription.acknowledge(record)
            onHandled(record, rejected)
        }
    }

    func deadLetter(_ record: BusRecord, reason: String) throws -> OutgoingRecord {
        let letter = DeadLetterMessage(
            stage: stage, sourceTopic: record.topic, partition: record.partition, offset: record.offset,
            reason: reason, original: record.value)
        return OutgoingRecord(topic: deadLetterTopic, key: record.topic, value: try WireCodec.encode(letter))
    }
}
