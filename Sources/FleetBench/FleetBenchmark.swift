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
    /// A pretrained model (a Hugging Face directory or a GGUF file) asked chat-posed document-QA questions, or —
    /// when nil — a small random byte-level model of ``config`` asked arithmetic.
    public var model: URL?
    /// The decoding steps' weights in both modes.
    public var decodePrecision: DecodePrecision = .f32

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

    /// The base policy both modes start from: the pretrained model, or random weights over bytes, reproducible.
    func base() throws -> LoadedPolicy {
        if let model { return try LoadedPolicy(path: model) }
        let tokenizer = ByteTokenizer()
        let model = LlamaModel(config: config)
        model.parameters.randomize(seed: 1, std: 0.15)
        return LoadedPolicy(version: 0, model: model, tokenizer: tokenizer, tokenizerJSON: [UInt8](try tokenizer.tokenizerJSON()))
    }

    /// The task the prompts come from: what a real instruct model is tuned on, or what a byte model can attempt.
    var task: any TaskFamily {
        model == nil ? ArithmeticTask() : DocumentQATask(difficulty: .easy, posing: .chat)
    }

    func taskPrompts(seed: UInt64, count: Int) -> [PromptMessage] {
        task.prompts(count: count, seed: seed).map(PromptMessage.init)
    }

    /// Chat replies end at the template's end of turn (the generator adds it), plain answers at a newline.
    var sampling: SamplingParameters {
        SamplingParameters(
            temperature: 1, maxNewTokens: maxNewTokens, stopSequences: model == nil ? ["\n"] : [], seed: 3)
    }

    static let learningRate: Float = 1e-3

    func result(_ mode: String, seconds: Double, newTokens: Int, versions: Int) -> Result {
        Result(
            mode: mode, updates: adapter == nil ? "full" : "lora", prompts: prompts, seconds: seconds, promptsPerSecond: Double(prompts) / seconds,
            candidatesPerSecond: Double(prompts * samplesPerPrompt) / seconds,
            newTokensPerSecond: Double(newTokens) / seconds, versions: versions)
    }
}
