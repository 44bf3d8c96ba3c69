import ArgumentParser
import Fleet
import FleetRuntime
import Foundation
import Llama
import Plots

/// `tao soak`: the fleet left running under fire, then a full accounting of where every prompt went.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run the fleet under random kills and broker faults, then account for every prompt.",
        discussion: """
            Starts the fleet as `tao up` does (embedded broker, every stage a child process, restarted with \
            backoff when it dies) over a tiny random model, or --base-model, and feeds arithmetic prompts at \
            --rate per second for --minutes. Meanwhile it SIGKILLs --kills random children at random times, and \
            with --faults: stages kill themselves at failpoints (coordinator mid-checkpoint and mid-publish, \
            trainer mid-update, generator mid-batch), a broker goes down and comes back, answers late, or loses a \
            partition's leadership, and some prompts are garbage on purpose. Announcements and updates are signed \
            with a fresh key, and every stage checks the signatures.

            Then the fleet drains, and the soak fails (exit 1) unless every prompt was trained on, dead-lettered \
            with a reason, or dropped as stale (by a stage's log line); no prompt was trained on twice; every \
            announced policy's bytes match its checksum and decode; each restarted coordinator resumed from the \
            checkpoint on disk when the last one died; and the policy advanced in every fifth of the run.

            Writes <out>/soak.json (the report), <out>/rss.jsonl (every child's RSS every 5 s) and <out>/rss.svg \
            (a plot of it). docs/reliability.md has a 30-minute run's numbers.

            Example: tao soak --minutes 30 --kills 60 --faults all --out soak-30
            """)

    @Option(help: "How long to feed prompts, in minutes.") var minutes: Double = 2
    @Option(help: "SIGKILLs of random children from outside, spread over the run.") var kills = 8
    @Option(help: "failpoints, broker-down, latency, leader-move, poison (comma-separated), all or none.")
    var faults = "all"
    @Option(help: "Chance of dying each time a generator or trainer passes its failpoint (once per prompt); the coordinator's, passed once per version, get 6 times as much.")
    var failpointProbability = 0.005
    @Option(help: "Prompts per second.") var rate = 2.0
    @Option(help: "Seeds the schedule of kills and faults.") var seed: UInt64 = 1
    @Option(help: "Generator replicas.") var generators = 2
    @Option(help: "Trainer replicas.") var trainers = 2
    @Option(help: "Brokers of the embedded cluster (faults need 2 or more).") var brokers = 3
    @Option(help: ArgumentHelp("A Hugging Face Llama directory; default: a tiny random model.", valueName: "dir"))
    var baseModel: String?
    @Option(help: ArgumentHelp("Where the report, RSS samples and plot go.", valueName: "dir")) var out = "soak"

    func run() async throws {
        let outDirectory = URL(fileURLWithPath: out, isDirectory: true)
        let runDirectory = outDirectory.appendingPathComponent("run", isDirectory: true)
        try? FileManager.default.removeItem(at: runDirectory)
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let model = try baseModel ?? Self.writeTinyModel(in: outDirectory)
        var configuration = FleetConfiguration(
            runDirectory: runDirectory, executables: FleetConfiguration.siblingExecutables, baseModel: model)
        configuration.settings.shared.runId = "soak"
        (configuration.generators, configuration.trainers, configuration.brokers) = (generators, trainers, brokers)
        (configuration.settings.generator.samples, configuration.settings.generator.maxTokens) = (4, 8)
        configuration.settings.generator.temperature = 1
        configuration.settings.scorer.scorers = "format"
        configuration.settings.coordinator.learningRate = 0.01
        // Signed announcements and updates, as a careful deployment runs: the signatures must hold up under the kills.
        let (privateKey, publicKey) = PolicySigner.generate()
        configuration.settings.shared.signingKey = "base64:" + privateKey
        configuration.settings.shared.trustedKeys = ["base64:" + publicKey]
        var options = SoakOptions(duration: .milliseconds(Int(minutes * 60_000)), kills: kills)
        options.faults = try SoakOptions.parseFaults(faults)
        (options.seed, options.promptsPerSecond, options.failpointProbability) = (seed, rate, failpointProbability)

        let soak = SoakRun(configuration, options: options)
        Console.line("tao soak: \(minutes) min, \(kills) kills, faults \(options.faults.map(\.rawValue).sorted().joined(separator: ",")); log \(configuration.logFile.path)")
        let report = try await soak.run { Console.line($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: outDirectory.appendingPathComponent("soak.json"))
        let samples = soak.rssSamples
        let lines = try samples.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: outDirectory.appendingPathComponent("rss.jsonl"))
        try Data(try Self.rssPlot(samples, report: report).utf8).write(to: outDirectory.appendingPathComponent("rss.svg"))
        Console.line(report.text)
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    /// The fleet tests' model: a tiny random Llama over bytes, small enough that its gradients stay quick to ship.
    static func writeTinyModel(in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("tiny-model", isDirectory: true)
        let config = LlamaConfig(
            vocabSize: 259, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 2,
            numKeyValueHeads: 1, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)
        try LlamaModel(config: config, seed: 1).save(to: url, tokenizerJSON: try ByteTokenizer().tokenizerJSON())
        return url.path
    }

    /// Each stage kind's RSS over the run (replicas and restarts as one series each, by child name).
    static func rssPlot(_ samples: [RSSSample], report: SoakReport) throws -> String {
        let byChild = Dictionary(grouping: samples, by: \.child)
        let series = byChild.keys.sorted().map { child in
            ChartSeries(name: child, points: (byChild[child] ?? []).map { ChartPoint(x: $0.t / 60, y: $0.rssMiB) })
        }
        return try LineChart(
            title: "RSS per child over a \(Int(report.seconds / 60))-minute soak (\(report.totalKills) kills, \(report.restarts) restarts)",
            xLabel: "minutes", yLabel: "RSS (MiB)", series: series, width: 800, height: 440
        ).svg()
    }
}
