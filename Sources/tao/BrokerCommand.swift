import ArgumentParser
import Dispatch
import Foundation
import Kafka
import Logging
import Messages

/// `tao broker`: an in-process Kafka cluster for running the fleet on one machine.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka cluster (librdkafka's mock cluster) with the fleet's topics.",
        discussion: """
            Prints the bootstrap address as the first line on stdout, then runs until SIGINT or SIGTERM. \
            Memory only, single process: for development and tests, not production. Point clients at it \
            with TAO_KAFKA_BOOTSTRAP=$(head -1 …) or --kafka-bootstrap. See docs/kafka.md for its limits.
            """)

    @Option(help: "Number of brokers (ids 1…N).")
    var brokers = 3

    @Option(help: "Run id: topics are named <run-id>.prompts, .candidates, .rollouts, .updates, .policy, .dead-letter.")
    var runId = "tao"

    @Option(help: "Partitions of the work topics (prompts, candidates, rollouts).")
    var workPartitions = FleetTopics.defaultPartitions.prompts

    @Option(help: "Also write the bootstrap address to this file (write, then rename; removed on exit).")
    var bootstrapFile: String?

    func validate() throws {
        guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 16") }
        guard workPartitions > 0 else { throw ValidationError("--work-partitions must be positive") }
        guard !runId.isEmpty, runId.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw ValidationError("--run-id may only contain letters, digits, '.', '_' and '-'")
        }
    }

    func run() async throws {
        let logger = Logger(label: "tao.broker", factory: { StreamLogHandler.standardError(label: $0) })
        let (stop, sources) = Self.signals([SIGINT, SIGTERM])
        let broker = try EmbeddedBroker(brokers: brokers, logger: logger)
        var topics = FleetTopics(runId: runId)
        for keyPath in [\FleetTopics.prompts, \.candidates, \.rollouts] { topics[keyPath: keyPath].partitions = workPartitions }
        try await broker.createTopics(topics.all.map { KafkaTopicSpec(name: $0.name, partitions: $0.partitions) })

        FileHandle.standardOutput.write(Data((broker.bootstrapServers + "\n").utf8))  // unbuffered: first line
        if let bootstrapFile { try Self.writeAtomically(broker.bootstrapServers + "\n", to: bootstrapFile) }
        logger.info(
            "embedded Kafka with \(brokers) brokers at \(broker.bootstrapServers); topics: \(topics.all.map(\.name).joined(separator: ", ")); stop with Ctrl-C")

        var received = stop.makeAsyncIterator()
        let signal = await received.next()
        sources.forEach { $0.cancel() }
        logger.info("signal \(signal ?? 0): shutting down the embedded broker")
        await broker.shutdown()
        if let bootstrapFile { try? FileManager.default.removeItem(atPath: bootstrapFile) }
    }

    /// Delivers `signals` on a stream via DispatchSource (their default handlers are ignored); the caller
    /// keeps the sources alive and cancels them when done.
    static func signals(_ signals: [Int32]) -> (AsyncStream<Int32>, [any DispatchSourceSignal]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let queue = DispatchQueue(label: "tao.broker.signals")
        let sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        return (stream, sources)
    }

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`, so readers never see half.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
