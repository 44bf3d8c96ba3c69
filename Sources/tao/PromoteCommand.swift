import ArgumentParser
import Foundation
import Kafka
import Messages
import Promotion
import RunConfiguration
import TaoCLI

/// `tao promote VERSION` and `tao rollback`: an operator's decision on `<run>.promotions`, which `tao serve` follows.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make VERSION the one tao serve answers with, recorded on <run>.promotions with your reason.",
        discussion: "The version must have been announced on <run>.policy. Example: tao promote 12 --reason 'hotfix eval passed'")

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id", valueName: "id")) var runId: String?
    @Argument(help: "The policy version to promote.") var version: Int
    @Option(help: "Why, for the record.") var reason: String = "promoted by an operator"

    func run() async throws {
        let (topics, client) = try OperatorContext.resolve(config, kafka: kafka, runId: runId, command: "tao promote")
        try await OperatorContext.requireAnnounced(version, topics: topics, kafka: client)
        let ledger = try await PromotionTopic.ledger(topics: topics, kafka: client)
        try await OperatorContext.decide(
            version, .promoted, previous: ledger.promoted, reason: reason, topics: topics, kafka: client)
    }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Return tao serve to the version promoted before the current one (or --to VERSION).",
        discussion: "Recorded on <run>.promotions as rolled-back, with your reason. Example: tao rollback --reason 'complaints about v14'")

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id", valueName: "id")) var runId: String?
    @Option(help: "Roll back to this version instead of the previous promoted one.") var to: Int?
    @Option(help: "Why, for the record.") var reason: String = "rolled back by an operator"

    func run() async throws {
        let (topics, client) = try OperatorContext.resolve(config, kafka: kafka, runId: runId, command: "tao rollback")
        let ledger = try await PromotionTopic.ledger(topics: topics, kafka: client)
        guard let current = ledger.promoted else {
            throw ValidationError("nothing has been promoted on \(topics.promotions.name): there is nothing to roll back")
        }
        guard let target = to ?? ledger.rollbackTarget else {
            throw ValidationError("v\(current) is the only version ever promoted: there is no earlier one to return to")
        }
        try await OperatorContext.requireAnnounced(target, topics: topics, kafka: client)
        try await OperatorContext.decide(
            target, .rolledBack, previous: current, reason: reason, topics: topics, kafka: client)
    }
}

struct PromotionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promotions",
        abstract: "Print the promotion record of a run, oldest first, one JSON line per decision.")

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id", valueName: "id")) var runId: String?

    func run() async throws {
        let (topics, client) = try OperatorContext.resolve(config, kafka: kafka, runId: runId, command: "tao promotions")
        let ledger = try await PromotionTopic.ledger(topics: topics, kafka: client)
        for record in ledger.history { print(PromotionJSON.line(record)) }
        print("promoted: \(ledger.promoted.map { "v\($0)" } ?? "none")")
    }
}

/// What the operator commands share: the run's topics and Kafka client from the configuration.
enum OperatorContext {
    static func resolve(
        _ config: ConfigurationOptions, kafka: KafkaOptions, runId: String?, command: String
    ) throws -> (FleetTopics, KafkaConfiguration) {
        let run = try config.resolve(
            command: command, flags: kafka.overrides + [.given(runId, "run.id", "--run-id")].compactMap { $0 }
        ).configuration
        return (run.settings.shared.topics, try run.kafka.clientConfiguration())
    }

    /// Refuses a version the coordinator never announced: no process could load it.
    static func requireAnnounced(_ version: Int, topics: FleetTopics, kafka: KafkaConfiguration) async throws {
        let announced = Set(try await KafkaTopicSnapshot.read(topics.policy.name, configuration: kafka).compactMap {
            try? WireCodec.decode(PolicyAnnouncement.self, from: $0.value).version
        })
        guard announced.contains(version) else {
            throw ValidationError(
                "v\(version) has not been announced on \(topics.policy.name) "
                    + "(announced: \(announced.isEmpty ? "none" : announced.sorted().map { "v\($0)" }.joined(separator: ", ")))")
        }
    }

    /// Records an operator's decision on `<run>.promotions` and prints it as a JSON line.
    static func decide(
        _ version: Int, _ decision: PromotionRecord.Decision, previous: Int?, reason: String, topics: FleetTopics,
        kafka: KafkaConfiguration
    ) async throws {
        let record = PromotionRecord(
            version: version, decision: decision, by: who, previous: previous, reason: reason,
            at: Int(Date().timeIntervalSince1970))
        try await PromotionTopic.publish(record, topics: topics, kafka: kafka)
        print(PromotionJSON.line(record))
    }

    static var who: String { "operator" + (ProcessInfo.processInfo.environment["USER"].map { " \($0)" } ?? "") }
}

/// A promotion record as one line of JSON, for scripts.
enum PromotionJSON {
    static func line(_ record: PromotionRecord) -> String {
        String(decoding: (try? WireCodec.encode(record)) ?? [], as: UTF8.self)
    }
}
