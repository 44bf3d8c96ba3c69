import ArgumentParser
import Foundation
import Kafka
import Logging
import TaoCLI

/// `tao kafka-smoke`: proves a Kafka cluster works end to end for tao (produce, group-consume, compare).
struct KafkaSmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-smoke",
        abstract: "Produce keyed messages with headers, consume them back in a group, and check every one.",
        discussion: """
            Without --kafka-bootstrap (or TAO_KAFKA_BOOTSTRAP) it starts its own embedded broker, so it also \
            checks this machine's librdkafka. Prints a summary, then one JSON line; exits non-zero if any \
            message is missing or differs.
            """)

    @OptionGroup var kafka: KafkaOptions

    @Option(help: "How many messages to send.")
    var messages = 100

    @Option(help: "Partitions of the smoke topic.")
    var partitions = 3

    @Option(help: "Seconds to wait for every message to come back.")
    var timeout = 60

    func validate() throws {
        guard messages > 0, partitions > 0, timeout > 0 else {
            throw ValidationError("--messages, --partitions and --timeout must be positive")
        }
    }

    func run() async throws {
        let logger = Logger(label: "tao.kafka-smoke", factory: { StreamLogHandler.standardError(label: $0) })
        var broker: EmbeddedBroker?
        var configuration = try kafka.configuration()
        let topics: any KafkaTopicCreating
        if kafka.bootstrapGiven {
            let admin = try KafkaAdmin(configuration: configuration, timeout: .seconds(5), logger: logger)
            _ = try await admin.brokerAddresses(timeout: .seconds(5))  // fail fast, with the reachability hint, if nobody answers
            topics = admin
        } else {
            let embedded = try EmbeddedBroker(brokers: 3, logger: logger)
            configuration.bootstrapServers = embedded.bootstrapServers
            broker = embedded
            topics = embedded
            print("no --kafka-bootstrap given: started an embedded broker at \(embedded.bootstrapServers)")
        }
        let check = KafkaSmokeCheck(
            configuration: configuration, messageCount: messages, partitions: partitions,
            consumeTimeout: .seconds(timeout))
        let report = try await check.run(topics: topics, logger: logger)
        await broker?.shutdown()

        print(
            """
            \(report.ok ? "ok" : "FAILED"): \(report.intact)/\(report.sent) messages intact on \(report.topic) \
            at \(report.bootstrapServers) (missing \(report.missing), corrupted \(report.corrupted), \
            duplicates \(report.duplicates); produce \(String(format: "%.2f", report.produceSeconds)) s, \
            consume \(String(format: "%.2f", report.consumeSeconds)) s)
            """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        if !report.ok { throw ExitCode.failure }
    }
}
