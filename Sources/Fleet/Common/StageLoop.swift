import Blobs
import Kafka
import Logging
import Messages

/// The loop every stage runs: take a record, handle it, publish what it produced, then acknowledge it.
///
/// At-least-once: a record is acknowledged only after its outputs are published, so a crash in between redelivers
/// it, and the deterministic ids of the outputs let the next stage drop the duplicate.
///
/// What becomes of errors — the rule docs/topics.md states:
/// - Any error while handling one record is that record's fault: the record goes to the dead-letter topic with the
///   reason and its original bytes (cut to `DeadLetterMessage.originalLimit`, size and hash kept), is
///   acknowledged, and the stage moves on. So are outputs the broker refuses as too large.
/// - A `StageFailure` (the blob store, the disk) and a failure to publish are the stage's own: the record is
///   retried with backoff (`retry`); if that does not help, the loop ends with the error, logged, and the process
///   exits to be restarted with the record unacknowledged.
public struct StageLoop: Sendable {
    public let stage: String
    public let bus: any MessageBus
    public let deadLetterTopic: String
    public let retry: RetryPolicy
    let logger: Logger

    public init(stage: String, bus: any MessageBus, deadLetterTopic: String, retry: RetryPolicy = .standard) {
        self.stage = stage
        self.bus = bus
        self.deadLetterTopic = deadLetterTopic
        self.retry = retry
        logger = Logger(label: "tao.\(stage)")
    }

    /// Runs until the subscription closes or the task is cancelled.
    /// - Parameter observe: hears what became of each record once its outputs are published: the stage's one
    ///   channel for metrics and progress.
    public func run(
        _ subscription: any BusSubscription,
        observe: @Sendable (BusRecord, StageOutcome) -> Void = { _, _ in },
        handle: (BusRecord) async throws -> StageResult
    ) async throws {
        while let record = try await subscription.next() {
            let outcome = try await process(record, handle: handle)
            try subscription.acknowledge(record)
            observe(record, outcome)
        }
    }

    /// Handles and publishes one record, or dead-letters it.
    func process(_ record: BusRecord, handle: (BusRecord) async throws -> StageResult) async throws -> StageOutcome {
        let place = "\(record.topic)/\(record.partition)/\(record.offset)"
        return try await retry.run(
            shouldRetry: { $0 is StageFailure || $0 is KafkaError },
            onRetry: { attempt, error, delay in
                logger.warning("\(stage): \(place): attempt \(attempt) failed (\(error)); retrying in \(delay)")
            }
        ) {
            let result: StageResult
            do {
                result = try await handle(record)
            } catch is CancellationError {
                throw CancellationError()
            } catch let failure as StageFailure {
                throw failure
            } catch {
                let cause = DeadLetterCause(error)
                try await publish([deadLetter(record, reason: cause.reason)])
                return .deadLettered(cause)
            }
            do {
                try await publish(result.records)
                return .handled(result)
            } catch let error as KafkaError where error.code == .messageTooLarge {
                let cause = DeadLetterCause(.tooLarge, reason: "its output is too large for the broker: \(error)")
                try await publish([deadLetter(record, reason: cause.reason)])
                return .deadLettered(cause)
            }
        }
    }

    private func publish(_ records: [OutgoingRecord]) async throws {
        do {
            try await bus.publish(records)
        } catch let error as KafkaError where error.code != .messageTooLarge {
            logger.error("\(stage): cannot publish to \(Set(records.map(\.topic)).sorted()): \(error)")
            throw error
        }
    }

    /// The dead letter of `record`: what was wrong, and the record itself (cut when too large to travel).
    public func deadLetter(_ record: BusRecord, reason: String) throws -> OutgoingRecord {
        let letter = DeadLetterMessage(
            stage: stage, sourceTopic: record.topic, partition: record.partition, offset: record.offset,
            reason: reason, original: record.value, originalSHA256: SHA256.hex(record.value))
        return OutgoingRecord(topic: deadLetterTopic, key: record.topic, value: try WireCodec.encode(letter))
    }
}
