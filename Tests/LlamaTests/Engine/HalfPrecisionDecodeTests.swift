import Foundation
@testable import Llama
import Testing

/// Decoding with half-precision weight copies (``DecodePrecision``) against the Float32 reference path.
@Suite struct HalfPrecisionDecodeTests {
    let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// Teacher-forced through the decode step on the fixtures, every step's log-softmax over the whole vocabulary
    /// stays within a bound that scales with the format's unit roundoff u: each of the 4L + 1 matmuls on the way to
    /// a logit multiplies by weights off by at most u relative, which moves the logits by about u times their
    /// magnitude per matmul (the fixtures' logits are O(1)); a log-softmax moves by at most twice its largest logit
    /// move. Bound: 2 · (4L + 1) · u · 2 (2 for the norms' and attention's amplification), i.e. ≈ 0.018 for F16 at
    /// L = 2, 0.14 for BF16 (measured: 0.005–0.007 and 0.046–0.047). F16's is also checked to be well inside BF16's,
    /// and both to be nonzero (the copies are really used).
    @Test(arguments: ["tiny-llama", "tiny-llama-tied"])
    func teacherForcedLogProbsStayWithinTheFormatsRoundingBound(folder: String) throws {
        let (model, _) = try LlamaModel.load(from: fixtures.appendingPathComponent(folder))
        let V = model.config.vocabSize, L = model.config.numHiddenLayers
        let tokens = (0..<48).map { ($0 * 37 + 11) % V }
        var errors: [DecodePrecision: Double] = [:]
        for precision in [DecodePrecision.f16, .bf16] {
            let result = DecodeAccuracy.measure(model: model, label: folder, tokens: tokens, precision: precision)
            let bound = 2 * Double(4 * L + 1) * Double(precision.halfFormat!.unitRoundoff) * 2
            #expect(result.maxVocabLogProbDiff < bound, "\(precision): \(result.maxVocabLogProbDiff) ≥ \(bound)")
            #expect(result.maxVocabLogProbDiff > 0)
            #expect(result.maxFedLogProbDiff <= result.maxVocabLogProbDiff)
            errors[precision] = result.maxVocabLogProbDiff
        }
        #expect(errors[.f16]! < errors[.bf16]! / 2)
    }

    @Test func theLibraryDefaultIsTheFloat32ReferencePath() throws {
        let (model, tokenizer) = try LlamaModel.load(from: fixtures.appendingPathComponent("tiny-llama"))
        #expect(CompletionGenerator(model: model, tokenizer: tokenizer).decodePrecision == .f32)
    }

    /// Weights written between two `generate` calls (an optimiser step, a merged adapter) are what the second call
    /// decodes with: its completions are a fresh generator's on the new weights, not the old copies'.
    @Test(arguments: [DecodePrecision.f16, .bf16])
    func halfCopiesFollowParameterWrites(precision: DecodePrecision) throws {
        let (model, tokenizer) = try LlamaModel.load(from: fixtures.appendingPathComponent("tiny-llama"))
        let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        generator.decodePrecision = precision
        let parameters = SamplingParameters(temperature: 1, maxNewTokens: 12, seed: 5)
        let prompt = [3, 17, 42, 9]
        let before = try generator.generate(prompt: prompt, count: 4, parameters: parameters)
        model.parameters.randomize(seed: 99, std: 0.2)
        let after = try generator.generate(prompt: prompt, count: 4, parameters: parameters)
        let fresh = CompletionGenerator(model: model, tokenizer: tokenizer)
        fresh.decodePrecision = precision
        let expected = try fresh.generate(prompt: prompt, count: 4, parameters: parameters)
        #expect(after.map(\.tokens) == expected.map(\.tokens))
        #expect(after.map(\.logProbs) == expected.map(\.logProbs))
        #expect(after.map(\.tokens) != before.map(\.tokens))
    }

    /// Each output of the half kernel is the same multiply-add chain however the rows and columns are split, so
    /// both ways of sharing the cores give the same completions, for a batch of prompts of different lengths too.
    @Test(arguments: [DecodePrecision.f16, .bf16])
    func bothSplitsGiveTheSameCompletions(precision: DecodePrecision) throws {
        let (model, tokenizer) = try LlamaModel.load(from: fixtures.appendingPathComponent("tiny-llama-tied"))
        let parameters = SamplingParameters(temperature: 1, maxNewTokens: 10, seed: 11)
        func sample(_ split: DecodeSplit) throws -> [[Completion]] {
            let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
            (generator.decodePrecision, generator.split) = (precision, split)
            return try generator.generate(prompts: [[1, 2, 3], [7, 8, 9, 10, 11]], count: 5, parameters: parameters)
        }
        let (columns, rows) = (try sample(.columns), try sample(.rows))
        #expect(columns.map { $0.map(\.tokens) } == rows.map { $0.map(\.tokens) })
        #expect(columns.map { $0.map(\.logProbs) } == rows.map { $0.map(\.logProbs) })
    }

    /// Sampling with F16 weights: the same prompt and seed give completions whose log-probs are close to the
    /// reference path's wherever the two samplers drew the same tokens.
    @Test func sampledLogProbsAreCloseToFloat32s() throws {
        let (model, tokenizer) = try LlamaModel.load(from: fixtures.appendingPathComponent("tiny-llama-tied"))
        let parameters = SamplingParameters(temperature: 1, maxNewTokens: 16, seed: 7)
        func sample(_ precision: DecodePrecision) throws -> [Completion] {
            let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
            generator.decodePrecision = precision
            return try generator.generate(prompt: [5, 6, 7], count: 8, parameters: parameters)
        }
        let (reference, half) = (try sample(.f32), try sample(.f16))
        var compared = 0
        for (r, h) in zip(reference, half) {
            for i in 0..<min(r.tokens.count, h.tokens.count) {
                guard r.tokens[..<(i + 1)] == h.tokens[..<(i + 1)] else { break }
                #expect(abs(r.logProbs[i] - h.logProbs[i]) < 0.05)
                compared += 1
            }
        }
        #expect(compared > 8)
    }
}
