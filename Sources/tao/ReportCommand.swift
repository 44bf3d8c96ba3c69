import ArgumentParser
import Foundation
import Fleet
import Kafka
import Nightly
import RunConfiguration
import TaoCLI

/// `tao report`: a run's curves from its topics.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a run's curves from its topics: report.md with SVG figures.",
        discussion: """
            Reads <run>.rollouts (mean reward by the policy version that sampled), <run>.promotions (the gate's dev \
            pass@1 and every decision), <run>.nightly (prompts each night took) and <run>.policy, as no group's \
            member, and writes report.md, reward-by-version.svg, dev-pass-at-1-by-version.svg and \
            prompts-by-night.svg (those there is data for) into --out.

            Example: tao report --config run.yaml --out report/
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id", valueName: "id")) var runId: String?
    @Option(help: ArgumentHelp("Directory the report is written to.", valueName: "dir")) var out = "report"

    func run() async throws {
        let run = try config.resolve(
            command: "tao report", flags: kafka.overrides + [.given(runId, "run.id", "--run-id")].compactMap { $0 }
        ).configuration
        let client = try run.kafka.clientConfiguration()
        let topics = run.settings.shared.topics
        let bus = try KafkaBus.connect(client)
        defer { Task { try? await bus.close() } }
        func partitions(_ topic: String) async throws -> Int {
            guard let count = try await bus.partitionCount(of: topic) else {
                throw ValidationError("topic \(topic) does not exist on \(client.bootstrapServers): is run.id right?")
            }
            return count
        }
        let history = try await RunHistory.read(
            topics: topics, kafka: client, rolloutPartitions: try await partitions(topics.rollouts.name),
            promptPartitions: try await partitions(topics.prompts.name),
            onError: { FileHandle.standardError.write(Data("tao report: \($0)\n".utf8)) })
        let report = try RunReport(history: history).write(to: URL(fileURLWithPath: out, isDirectory: true))
        Console.line("tao report: \(report.path) (\(history.versions.count) versions, \(history.promotions.count) decisions, \(history.finishedNights.count) nights)")
    }
}
