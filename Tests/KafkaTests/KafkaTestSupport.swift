import Foundation
import Kafka
import Logging
import Synchronization

/// Shared settings and waiting helpers for tests on the embedded broker.
enum KafkaTestSupport {
    /// Consumer-group settings that keep the mock cluster's rebalances short: the mock waits
    /// `session.timeout.ms` − 1 s when a member joins or leaves an existing group.
    static func consumer(group: String, topics: [String]) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            groupId: group, topics: topics, autoOffsetReset: .earliest, sessionTimeout: .milliseconds(6000),
            heartbeatInterval: .milliseconds(1000), fetchWaitMax: .milliseconds(20),
            autoCommitInterval: .milliseconds(200), pollTimeout: .milliseconds(50))
    }

    /// A group-less reader of `topics` (every partition, from the start unless `.latest`), polling as briskly as
    /// `consumer(group:topics:)`.
    static func reader(topics: [String], from start: KafkaConsumerConfiguration.OffsetReset = .earliest)
        -> KafkaConsumerConfiguration
    {
        KafkaConsumerConfiguration(
            groupId: nil, topics: topics, autoOffsetReset: start, fetchWaitMax: .milliseconds(20),
            pollTimeout: .milliseconds(50))
    }

    /// Client settings for tests; `TAO_TEST_RDKAFKA_DEBUG` (e.g. `cgrp,consumer`) turns on librdkafka's debug
    /// contexts (shown with `TAO_TEST_LOG_LEVEL=debug`).
    static func cluster(_ broker: EmbeddedBroker, messageTimeout: Duration = .seconds(30)) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(
            bootstrapServers: broker.bootstrapServers, clientId: "tao-tests", messageTimeout: messageTimeout,
            properties: [
                "linger.ms": "5", "reconnect.backoff.max.ms": "500",
            ])
        if let debug = ProcessInfo.processInfo.environment["TAO_TEST_RDKAFKA_DEBUG"] {
            configuration.properties["debug"] = debug
        }
        return configuration
    }

    /// Quiet unless `TAO_TEST_LOG_LEVEL` (e.g. `debug`, `info`) asks for more when diagnosing a failure.
    static let logger: Logger = {
        var logger = Logger(label: "tao.kafka.tests")
        let requested = ProcessInfo.processInfo.environment["TAO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = requested ?? .error
        return logger
    }()

    /// A name no other test uses, so tests share nothing and can run in parallel.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Checks `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
    static func eventually(
        within timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
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
