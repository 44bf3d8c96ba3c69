import Foundation
@testable import Llama
import Testing

/// Several prompts of different lengths decoded in one batch, each row at its own position.
@Suite struct MultiPromptGenerationTests {
    let model: LlamaModel
    let tokenizer: any Tokenizer

    init() throws {
        (model, tokenizer) = try LlamaModel.load(from: try TransformersReference("tiny-llama").url)
    }

    /// Each prompt's completions in a mixed batch are exactly what generating that prompt alone gives, for sampled
    /// and greedy decoding and for both ways of splitting a step across cores.
    @Test(arguments: [DecodeSplit.columns, .rows])
    func eachPromptsCompletionsEqualGeneratingItAlone(split: DecodeSplit) throws {
        let prompts = [[5, 17, 42, 9, 100, 3, 77], [12], [250, 251, 7, 8]]
        for parameters in [SamplingParameters(temperature: 1.1, topK: 40, maxNewTokens: 10, seed: 7),
                           SamplingParameters(temperature: 0, maxNewTokens: 10)] {
            let batched = CompletionGenerator(model: model, tokenizer: tokenizer)
            batched.split = split
            let together = try batched.generate(prompts: prompts, count: 3, parameters: parameters)
            #expect(together.map(\.count) == [3, 3, 3])
            let alone = CompletionGenerator(model: model, tokenizer: tokenizer)
            for (p, prompt) in prompts.enumerated() {
                var own = parameters
                own.seed = parameters.seed(forPrompt: p)
                let single = try alone.generate(prompt: prompt, count: 3, parameters: own)
                #expect(together[p].map(\.tokens) == single.map(\.tokens), "prompt \(p)")
                for (a, b) in zip(together[p], single) {
                    #expect(zip(a.logProbs, b.logProbs).allSatisfy { abs($0 - $1) < 1e-4 })
                }
            }
            if parameters.temperature > 0 {
                #expect(Set(together.flatMap { $0 }.map(\.tokens)).count > 3, "rows draw different tokens")
            }
        }
    }

    /// Rows at different positions in one cache: a one-token step gives each row the logits a full forward pass
    /// over its own sequence gives at its last position.
    @Test func perRowPositionsMatchTheFullForward() {
        let config = TinyModels.config(H: 4, Hkv: 2)
        let small = TinyModels.model(config)
        let V = config.vocabSize
        let sequences: [[Int32]] = [[1, 2, 3, 4, 5], [6, 7], [8, 9, 10]]
        let cache = LlamaKVCache(config: config, B: sequences.count, capacity: 8)
        var logits: [Float] = []
        for (b, sequence) in sequences.enumerated() {
            let prefix = LlamaKVCache(config: config, B: 1, capacity: 8)
            small.forward(tokens: Array(sequence.dropLast()), cache: prefix, logits: &logits)
            cache.broadcast(row0Of: prefix, into: b..<(b + 1))
        }
        #expect((0..<3).map { cache.length(ofRow: $0) } == [4, 1, 2])
        small.forward(tokens: sequences.map { $0.last! }, cache: cache, logits: &logits)
        for (b, sequence) in sequences.enumerated() {
            let full = small.forward(tokens: sequence, B: 1, T: sequence.count)
            let expected = full[((sequence.count - 1) * V)...]
            let got = logits[(b * V)..<((b + 1) * V)]
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "row \(b)")
        }
    }
}
