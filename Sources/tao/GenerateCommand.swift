import ArgumentParser
import Fleet
import Foundation
import Llama

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Sample completions of a prompt; prints one JSON line per completion.",
        discussion: """
            Works on any Hugging Face Llama-architecture directory (config.json, model.safetensors or shards, \
            tokenizer.json) and on tao's own checkpoints. Each line: index, text, tokens, logprobs (the model's \
            log-probability of each sampled token), finish_reason (eos, stop or length).
            """
    )

    @Option(help: "A Hugging Face model directory or a .gguf file.") var model: String
    @Option(help: "The prompt text.") var prompt: String
    @Option(name: .short, help: "Number of completions.") var n = 1
    @Option(help: "0 is greedy.") var temperature: Float = 1
    @Option(name: .customLong("top-k"), help: "Keep the k most likely tokens (0 = all).") var topK = 0
    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass (1 = off).") var topP: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per completion.") var maxTokens = 64
    @Option(help: "Stop when the text ends with this (repeatable).") var stop: [String] = []
    @Option(help: "Same seed, same output.") var seed: UInt64 = 0
    @Flag(help: "Do not put the tokenizer's beginning-of-sequence token before the prompt.") var noBos = false

    func validate() throws {
        guard n >= 1 else { throw ValidationError("-n must be at least 1") }
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
        let tokens = tokenizer.encode(prompt, prependingBOS: !noBos)
        let completions = try CompletionGenerator(model: model, tokenizer: tokenizer)
            .generate(prompt: tokens, count: n, parameters: parameters)
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
