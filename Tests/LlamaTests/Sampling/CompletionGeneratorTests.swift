import Foundation
import Llama
import Testing

@Suite struct CompletionGeneratorTests {
    let reference: TransformersReference
    let model: LlamaModel
    let tokenizer: any Tokenizer

    init() throws {
        reference = try TransformersReference("tiny-llama")
        (model, tokenizer) = try LlamaModel.load(from: reference.url)
    }

    /// Every one of N greedy rows, decoded from one shared prefill, is transformers' greedy continuation.
    @Test func greedyRowsFromASharedPrefixMatchTransformers() throws {
        let greedy = reference.scalars.greedy
        let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        let completions = try generator.generate(
            prompt: greedy.prompt_ids, count: 3,
            parameters: SamplingParameters(temperature: 0, maxNewTokens: greedy.max_new_tokens))
        for completion in completions {
            #expect(completion.tokens == greedy.new_tokens)
            #expect(zip(completion.logProbs, greedy.logprobs).allSatisfy { abs($0 - $1) < 1e-4 })
            #expect(completion.finishReason == .length)
        }
    }

    /// Sample i depends on (seed, i) only, and its reported log-probs are what a full forward pass computes —
    /// the trainer's policyLogProbs on the same weights.
    @Test func samplesAreReproducibleAndTheirLogProbsAreTheModels() throws {
        let prompt = reference.scalars.greedy.prompt_ids
        let parameters = SamplingParameters(temperature: 1.3, topP: 0.95, maxNewTokens: 12, seed: 42)
        let four = try CompletionGenerator(model: model, tokenizer: tokenizer)
            .generate(prompt: prompt, count: 4, parameters: parameters)
        let two = try CompletionGenerator(model: model, tokenizer: tokenizer)
            .generate(prompt: prompt, count: 2, parameters: parameters)
        // Same tokens; log-probs equal up to BLAS summation order, which depends on the batch size.
        #expect(four.prefix(2).map(\.tokens) == two.map(\.tokens))
        for (a, b) in zip(four, two) { #expect(zip(a.logProbs, b.logProbs).allSatisfy { abs($0 - $1) < 1e-5 }) }
        #expect(Set(four.map(\.tokens)).count > 1, "different rows draw different tokens")

        for completion in four {
            let sequence = (prompt + completion.tokens).map(Int32.init)
            let T = sequence.count
            let targets = (0..<T).map { $0 + 1 < T ? sequence[$0 + 1] : -1 }
            let losses = model.tokenLosses(tokens: sequence, targets: targets, B: 1, T: T)
            let recomputed = losses[(prompt.count - 1)..<(T - 1)].map { -$0 }
            #expect(zip(recomputed, completion.logProbs).allSatisfy { abs($0 - $1) < 1e-4 })
        }
    }

    @Test func stopSequencesCutTheTextAndEndTheRow() throws {
        let prompt = reference.scalars.greedy.prompt_ids
        let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        let free = try generator.generate(
            prompt: prompt, count: 1, parameters: SamplingParameters(temperature: 0, maxNewTokens: 24))[0]
        let characters = Array(free.text)
        try #require(characters.count > 6)
        let stop = String(characters[3..<5])
        let expectedText = String(free.text[..<free.text.range(of: stop)!.lowerBound])
        let stopped = try generator.generate(
            prompt: prompt, count: 2,
            parameters: SamplingParameters(temperature: 0, maxNewTokens: 24, stopSequences: [stop]))
        for completion in stopped {
            #expect(completion.finishReason == .stop)
            #expect(completion.text == expectedText)
            #expect(completion.tokens.count < free.tokens.count)
        }
    }

    @Test func badRequestsSayWhatIsWrong() throws {
        let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        #expect(throws: SamplingError.self) {
            try generator.generate(prompt: [], count: 1, parameters: .greedy)
        }
        #expect(throws: SamplingError(message: "prompt token 9999 is outside the vocabulary 0..<384")) {
            try generator.generate(prompt: [9999], count: 1, parameters: .greedy)
        }
        #expect(throws: SamplingError.self) {
            try generator.generate(prompt: [1], count: 1, parameters: SamplingParameters(maxNewTokens: 500))
        }
    }
}

@Suite struct CompletionGeneratorStreamTests {
    /// Sibling samples must draw independent streams, not one stream shifted (which made N samples of a prompt
    /// near-copies of each other and starved group-relative RL of signal).
    @Test func siblingsDoNotShareAShiftedStream() throws {
        let reference = try TransformersReference("tiny-llama")
        let (model, tokenizer) = try LlamaModel.load(from: reference.url)
        let completions = try CompletionGenerator(model: model, tokenizer: tokenizer).generate(
            prompt: reference.scalars.greedy.prompt_ids, count: 6,
            parameters: SamplingParameters(temperature: 1.5, maxNewTokens: 16, seed: 11))
        for i in 0..<6 {
            for j in 0..<6 where i != j {
                let a = completions[i].tokens, b = completions[j].tokens
                let shiftedMatches = zip(a.dropFirst(), b).filter { $0 == $1 }.count
                #expect(shiftedMatches < 6, "sample \(j) repeats sample \(i) one token later")
            }
        }
    }
}
