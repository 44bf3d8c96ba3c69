import Kafka
import Synchronization
import TestSupport

/// Waiting and reading helpers for tests of the Kafka clients; the broker, its clients and their settings are
/// TestSupport's `EmbeddedKafka` and `KafkaTestSettings`.
enum KafkaTestSupport {
    /// Whether `condition` holds within `timeout`, checked every 20 ms and once more at the end: a Bool for
    /// `#expect`, over TestSupport's `eventually`.
    static func eventually(within timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
        do {
            try await TestSupport.eventually("", within: timeout, polling: .milliseconds(20), condition)
            return true
        } catch {
            return await condition()
        }
    }

    /// Runs `body`, throwing `TimedOut` if it has not finished after `timeout` (and cancelling it).
    static func withDeadline<T: Sendable>(
        _ timeout: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            if case .some(.some(let value)) = try await group.next() { return value }
            throw TimedOut(what: what, timeout: timeout)
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        let timeout: Duration
        var description: String { "timed out after \(timeout) waiting for \(what)" }
    }

    /// Reads from `consumer` until `count` messages arrived (storing each offset), or fails after `timeout`.
    static func consume(
        _ count: Int, from consumer: some KafkaMessageReceiving, timeout: Duration = .seconds(30)
    ) async throws -> [KafkaConsumerMessage] {
        let progress = Received()
        do {
            return try await withDeadline(timeout, "\(count) messages") {
                var received: [KafkaConsumerMessage] = []
                for try await message in consumer.messages {
                    received.append(message)
                    progress.add(message, by: "")
                    try consumer.storeOffset(for: message)
                    if received.count == count { break }
                }
                return received
            }
        } catch let timeout as TimedOut {
            let assignment = (try? consumer.assignment()) ?? []
            throw TimedOut(
                what: "\(timeout.what); got \(progress.messages().count), assignment \(assignment)",
                timeout: timeout.timeout)
        }
    }
}

/// Collects what background consumers receive, by consumer name, for assertions from the test task.
final class Received: Sendable {
    private let state = Mutex<[String: [KafkaConsumerMessage]]>([:])

    func add(_ message: KafkaConsumerMessage, by consumer: String) {
        state.withLock { $0[consumer, default: []].append(message) }
    }

    func messages(by consumer: String? = nil) -> [KafkaConsumerMessage] {
        state.withLock { state in consumer.map { state[$0] ?? [] } ?? state.values.flatMap { $0 } }
    }

    /// The distinct values received so far (by anyone, or by `consumer`).
    func values(by consumer: String? = nil) -> Set<String> {
        Set(messages(by: consumer).map(\.valueString))
    }

    /// Starts a task that iterates `consumer`, recording each message and storing its offset, until the
    /// consumer closes or the task is cancelled.
    func drain(_ consumer: some KafkaMessageReceiving, as name: String) -> Task<Void, any Error> {
        Task {
            for try await message in consumer.messages {
                add(message, by: name)
                try consumer.storeOffset(for: message)
            }
        }
    }
}
