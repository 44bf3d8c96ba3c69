import ArgumentParser
import Foundation
import Llama

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Sample completions of a prompt or a chat; prints one JSON line per completion.",
        discussion: """
            Works on any Hugging Face Llama-architecture directory (config.json, model.safetensors or shards, \
            tokenizer.json), a GGUF file, and tao's own checkpoints. Each line: index, text, tokens, logprobs (the \
            model's log-probability of each sampled token), finish_reason (eos, stop or length).
            --prompt is encoded with the special tokens the tokenizer's own rules add. --messages (OpenAI-style \
            [{"role": "user", "content": "…"}]) is rendered with the model's chat template (tokenizer_config.json, \
            chat_template.jinja or the GGUF file) as transformers' apply_chat_template does, and generation stops at \
            the template's end-of-turn token.
            """
    )

    @Option(help: "A Hugging Face model directory or a GGUF file.") var model: String
    @Option(help: "The prompt text.") var prompt: String?
    @Option(help: .init("A chat as a JSON array of {\"role\", \"content\"} messages, instead of --prompt."))
    var messages: String?
    @Option(help: .init(
        "With --messages: format the chat with a built-in format (chatml, llama3, plain) or a Jinja template file "
            + "instead of the model's own chat template."))
    var chatFormat: String?
    @Option(name: .short, help: "Number of completions.") var n = 1
    @Option(help: "0 is greedy.") var temperature: Float = 1
    @Option(name: .customLong("top-k"), help: "Keep the k most likely tokens (0 = all).") var topK = 0
    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass (1 = off).") var topP: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per completion.") var maxTokens = 64
    @Option(help: "Stop when the text ends with this (repeatable).") var stop: [String] = []
    @Option(help: "Same seed, same output.") var seed: UInt64 = 0
    @Option(name: .customLong("decode-precision"), help: """
        Precision of the decoding steps' weights: f16 (default: 1.4–1.8× f32's speed on SmolLM2-135M, \
        log-probs within 0.024 of f32's there), bf16 (the same speed, 3–5× f16's error) or f32 (the \
        reference, bit for bit the engine's golden-tested path). The prompt's prefill is f32 in every case.
        """)
    var decodePrecision = DecodePrecision.f16
    @Flag(inversion: .prefixedNo, help: .init(
        "Put the tokenizer's beginning-of-sequence token before the prompt, or not; by default the tokenizer's own "
            + "rules decide (its post-processor or tokenizer_config.json's add_bos_token), as transformers does."))
    var bos: Bool?

    func validate() throws {
        guard n >= 1 else { throw ValidationError("-n must be at least 1") }
        guard (prompt == nil) != (messages == nil) else {
            throw ValidationError("give either --prompt TEXT or --messages JSON (a chat), not both and not neither")
        }
        if messages != nil, bos != nil {
            throw ValidationError("--bos/--no-bos apply to --prompt only: a chat template writes its own special tokens")
        }
        if chatFormat != nil, messages == nil { throw ValidationError("--chat-format applies to --messages only") }
        if let messages { _ = try ChatMessages.parse(messages) }
        do {
            try parameters.validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    var parameters: SamplingParameters {
        SamplingParameters(
            temperature: temperature, topK: topK, topP: topP, maxNewTokens: maxTokens, stopSequences: stop, seed: seed)
    }

    func run() throws {
        let policy = try LoadedPolicy(path: URL(fileURLWithPath: self.model))
        let (model, tokenizer) = (policy.model, policy.tokenizer)
        var parameters = self.parameters
        let tokens: [Int]
        if let messages {
            let format = try ChatFormat(config: policy.tokenizerConfig, tokenizer: tokenizer, choice: chatFormat)
            tokens = try format.promptTokens(try ChatMessages.parse(messages), tokenizer: tokenizer)
            parameters.stopTokenIds = format.endOfTurnTokenIds(tokenizer: tokenizer)
        } else {
            tokens = tokenizer.encode(prompt ?? "", bos: bos)
        }
        let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        generator.decodePrecision = decodePrecision
        let completions = try generator.generate(prompt: tokens, count: n, parameters: parameters)
        for (index, completion) in completions.enumerated() {
            try JSONLines.print(GeneratedLine(
                index: index, text: completion.text, tokens: completion.tokens, logprobs: completion.logProbs,
                finish_reason: completion.finishReason.rawValue))
        }
    }

    struct GeneratedLine: Encodable {
        let index: Int
        let text: String
        let tokens: [Int]
        let logprobs: [Float]
        let finish_reason: String
    }
}
