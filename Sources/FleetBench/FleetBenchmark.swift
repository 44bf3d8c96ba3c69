import Blobs
import Fleet
import Foundation
import Llama
import Messages
import Scoring
import Tasks

/// `tao bench fleet`: the same TAO rounds — sample N candidates per prompt, score them, take the GRPO gradient,
/// one AdamW step per `updatesPerVersion` groups — done twice: by the four stage services over Kafka (with policy
/// publication through the blob store), and directly in one loop with no Kafka, no encoding and no blob store.
/// The difference is the fleet's overhead.
public struct FleetBenchmark: Sendable {
    public var config: LlamaConfig
    public var prompts: Int
    public var samplesPerPrompt: Int
    public var maxNewTokens: Int
    public var updatesPerVersion: Int
    /// Train a LoRA adapter (the fleet's default for real runs) or, when nil, every parameter.
    public var adapter: LoRAConfig?

    public init(
        config: LlamaConfig, prompts: Int, samplesPerPrompt: Int, maxNewTokens: Int, updatesPerVersion: Int,
        adapter: LoRAConfig?
    ) {
        self.config = config
        self.adapter = adapter
        self.prompts = prompts
        self.samplesPerPrompt = samplesPerPrompt
        self.maxNewTokens = maxNewTokens
        self.updatesPerVersion = updatesPerVersion
    }

    /// One measurement, printed as a JSON line.
    public struct Result: Codable, Sendable {
        public var mode: String
        /// `lora` or `full`.
        public var updates: String
        public var prompts: Int
        public var seconds: Double
        public var promptsPerSecond: Double
        public var candidatesPerSecond: Double
        public var newTokensPerSecond: Double
        public var versions: Int
    }

    /// The base policy both modes start from: random weights over bytes, reproducible.
    func base() throws -> LoadedPolicy {
        let tokenizer = ByteTokenizer()
        let model = LlamaModel(config: config)
        model.parameters.randomize(seed: 1, std: 0.15)
        return LoadedPolicy(version: 0, model: model, tokenizer: tokenizer, tokenizerJSON: [UInt8](try tokenizer.tokenizerJSON()))
    }

    func taskPrompts(seed: UInt64, count: Int) -> [PromptMessage] {
        ArithmeticTask().prompts(count: count, seed: seed).map(PromptMessage.init)
    }

    var sampling: SamplingParameters {
        SamplingParameters(temperature: 1, maxNewTokens: maxNewTokens, stopSequences: ["\n"], seed: 3)
    }

    static let learningRate: Float = 1e-3

    func result(_ mode: String, seconds: Double, newTokens: Int, versions: Int) -> Result {
        Result(
            mode: mode, updates: adapter == nil ? "full" : "lora", prompts: prompts, seconds: seconds, promptsPerSecond: Double(prompts) / seconds,
            candidatesPerSecond: Double(prompts * samplesPerPrompt) / seconds,
            newTokensPerSecond: Double(newTokens) / seconds, versions: versions)
    }
}
