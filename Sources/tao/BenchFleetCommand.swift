import ArgumentParser
import Evaluation
import Experiments
import Fleet
import FleetBench
import FleetRuntime
import Foundation
import Llama
import Tuning

/// `tao bench fleet`: the fleet's end-to-end throughput and the cost of Kafka, encoding and the blob store.
struct BenchFleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "End-to-end TAO rounds through the four stages on the embedded broker vs the same work in one loop.",
        discussion: """
            Prints one JSON line per mode ("direct", then "fleet": prompts/s, candidates/s, new tokens/s, versions \
            committed) and a last line with the fleet's overhead: 1 − fleet throughput / direct throughput. The \
            model is a small random byte-level Llama asked arithmetic, or with --model a pretrained one asked \
            chat-posed document QA (docqa easy); the verifier scores, GRPO trains; updates are LoRA adapter \
            gradients (the fleet's default) unless --full.
            """
    )

    @Option(help: "Prompts in the measured run.") var prompts = 32
    @Option(name: .short, help: "Samples per prompt.") var n = 8
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per sample.") var maxTokens = 16
    @Option(help: "Groups per optimiser step (and per committed version).") var updatesPerVersion = 4
    @Option(help: "Model width (hidden size).") var hidden = 128
    @Option(help: "Decoder layers.") var layers = 4
    @Option(help: "Alternate the two modes this many times; the overhead uses the medians.") var repeats = 3
    @Flag(help: "Train every parameter instead of a LoRA adapter (rank 8, alpha 16, q/k/v/o).") var full = false
    @Option(help: """
        A pretrained model instead of the random one: a Hugging Face directory, a .gguf file or a name `tao model \
        fetch` knows (smollm2-135m-instruct).
        """)
    var model: String?
    @Option(
        name: .customLong("decode-precision"),
        help: "Decoding weights: f32, f16 or bf16 (default: f16 with --model, else f32).")
    var decodePrecision: DecodePrecision?

    func run() async throws {
        let config = LlamaConfig(
            vocabSize: 259, hiddenSize: hidden, intermediateSize: hidden * 8 / 3, numHiddenLayers: layers,
            numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128, bosTokenId: 256, eosTokenId: 257)
        var benchmark = FleetBenchmark(
            config: config, prompts: prompts, samplesPerPrompt: n, maxNewTokens: maxTokens,
            updatesPerVersion: updatesPerVersion, adapter: full ? nil : LoRAConfig(rank: 8, alpha: 16))
        benchmark.model = try model.map(ModelReference.resolve)
        benchmark.decodePrecision = decodePrecision ?? (model == nil ? .f32 : .f16)
        var direct: [Double] = [], fleet: [Double] = []
        for _ in 0..<repeats {
            let one = try await benchmark.runDirect()
            try JSONLines.print(one)
            direct.append(one.promptsPerSecond)
            let other = try await benchmark.runFleet()
            try JSONLines.print(other)
            fleet.append(other.promptsPerSecond)
        }
        let (d, f) = (median(direct), median(fleet))
        try JSONLines.print(Overhead(
            directPromptsPerSecond: d, fleetPromptsPerSecond: f, overhead: 1 - f / d, loadAverage: loadAverage()))
    }

    struct Overhead: Encodable {
        let mode = "overhead"
        let directPromptsPerSecond: Double
        let fleetPromptsPerSecond: Double
        /// 1 − fleet / direct, on the medians.
        let overhead: Double
        /// The 1-minute load average when the run ended: other work on the machine distorts both modes.
        let loadAverage: Double?
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    private func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
