import Foundation
import Kafka
import Logging

/// Client settings for tests on the embedded broker: brisk polling, short rebalances, quiet logs, unique names.
/// ``EmbeddedKafka`` makes its clients with these; use them directly for clients it does not make.
public enum KafkaTestSettings {
    /// Consumer-group settings that keep the mock cluster's rebalances short: the mock waits
    /// `session.timeout.ms` − 1 s when a member joins or leaves an existing group.
    public static func consumer(group: String, topics: [String]) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            groupId: group, topics: topics, autoOffsetReset: .earliest, sessionTimeout: .milliseconds(6000),
            heartbeatInterval: .milliseconds(1000), fetchWaitMax: .milliseconds(20),
            autoCommitInterval: .milliseconds(200), pollTimeout: .milliseconds(50))
    }

    /// A group-less reader of `topics` (every partition, from the start unless `.latest`), polling as briskly as
    /// `consumer(group:topics:)`.
    public static func reader(topics: [String], from start: KafkaConsumerConfiguration.OffsetReset = .earliest)
        -> KafkaConsumerConfiguration
    {
        KafkaConsumerConfiguration(
            groupId: nil, topics: topics, autoOffsetReset: start, fetchWaitMax: .milliseconds(20),
            pollTimeout: .milliseconds(50))
    }

    /// Client settings for `broker`; `TAO_TEST_RDKAFKA_DEBUG` (e.g. `cgrp,consumer`) turns on librdkafka's debug
    /// contexts (shown with `TAO_TEST_LOG_LEVEL=debug`).
    public static func cluster(_ broker: EmbeddedBroker) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(
            bootstrapServers: broker.bootstrapServers, clientId: "tao-tests", messageTimeout: .seconds(30),
            properties: [
                "linger.ms": "5", "reconnect.backoff.max.ms": "500",
            ])
        if let debug = ProcessInfo.processInfo.environment["TAO_TEST_RDKAFKA_DEBUG"] {
            configuration.properties["debug"] = debug
        }
        return configuration
    }

    /// Quiet unless `TAO_TEST_LOG_LEVEL` (e.g. `debug`, `info`) asks for more when diagnosing a failure.
    public static let logger: Logger = {
        var logger = Logger(label: "tao.kafka.tests")
        let requested = ProcessInfo.processInfo.environment["TAO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = requested ?? .error
        return logger
    }()

    /// A name no other test uses, so tests share nothing and can run in parallel.
    public static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
