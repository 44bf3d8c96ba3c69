import Tensors

/// Samples N completions of a prompt with a model: the prompt is run once (prefill, batch 1), its keys and values
/// are copied to N cache rows, and the N continuations then decode together one token per step.
///
/// Reproducible: sample i draws from its own generator seeded by (seed, i), so its tokens do not depend on how many
/// siblings it has. Buffers (caches, logits, samplers) are kept between calls and reused while the shapes fit, so
/// the per-token loop allocates nothing beyond the completions' own growth. Not thread-safe.
public final class CompletionGenerator {
    public let model: LlamaModel
    public let tokenizer: any Tokenizer
    private let sampler: TokenSampler
    private var prefillCache: LlamaKVCache?
    private var batchCache: LlamaKVCache?
    /// (N, 1, V) logits of the last decoding step, or (1, V) of the prefill
    private var logits: [Float] = []

    public init(model: LlamaModel, tokenizer: any Tokenizer) {
        self.model = model
        self.tokenizer = tokenizer
        self.sampler = TokenSampler(vocabSize: model.config.vocabSize)
    }

    /// - Parameters:
    ///   - prompt: token ids, at least one
    ///   - count: N, the number of completions
    public func generate(prompt: [Int], count: Int, parameters: SamplingParameters) throws -> [Completion] {
        try parameters.validate()
        let V = model.config.vocabSize
        guard !prompt.isEmpty else { throw SamplingError(message: "the prompt has no tokens") }
        guard count >= 1 else { throw SamplingError(message: "the number of completions must be at least 1") }
        if let bad = prompt.first(where: { $0 < 0 || $0 >= V }) {
            throw SamplingError(message: "prompt token \(bad) is outside the vocabulary 0..<\(V)")
        }
        return try decode(prompt: prompt, count: count, parameters: parameters)
    }

    private func decode(prompt: [Int], count N: Int, parameters: SamplingParameters) throws -> [Completion] {
        let V = model.config.vocabSize
        let capacity = prompt.count + parameters.maxNewTokens
        guard capacity <= model.config.maxPositionEmbeddings else {
            throw SamplingError(message: "prompt (\(prompt.count) tokens) + max new tokens (\(parameters.maxNewTokens)) "
                + "exceeds the model's \(model.config.maxPositionEmbeddings) positions; shorten one of them")
        }
        let prefill = cache(&prefillCache, B: 1, capacity: capacity)
        model.forward(tokens: prompt.map(Int32.init), cache: prefill, logits: &logits, lastPositionOnly: true)
        let batch = cache(&batchCache, B: N, capacity: capacity)
        batch.broadcast(row0Of: prefill)

        var rows = (0..<N).map { i in Row(generator: Self.generator(seed: parameters.seed, sample: i)) }
        let stops = StopSequenceMatcher(parameters.stopSequences)
        // The prompt's last position (the only logits of the prefill) predicts every row's first token.
        var offsets = [Int](repeating: 0, count: N)
        var next = [Int32](repeating: 0, count: N)
        for step in 0..<parameters.maxNewTokens {
            for i in 0..<N where rows[i].finish == nil {
                let (token, logProb) = logits.withUnsafeBufferPointer {
                    sampler.sample(
                        logits: UnsafeBufferPointer(rebasing: $0[offsets[i]..<offsets[i] + V]),
                        parameters: parameters, generator: &rows[i].generator)
                }
                rows[i].append(token, logProb, tokenizer: tokenizer, stops: stops)
                next[i] = Int32(token)
            }
            if rows.allSatisfy({ $0.finish != nil }) || step == parameters.maxNewTokens - 1 { break }
            // Finished rows keep decoding their last token (the batch advances together); their logits are ignored.
            model.forward(tokens: next, cache: batch, logits: &logits)
            offsets = (0..<N).map { $0 * V }
        }
        return rows.map { row in
            Completion(
                tokens: row.tokens, logProbs: row.logProbs, text: String(decoding: row.text, as: UTF8.self),
                finishReason: row.finish ?? .length)
        }
    }

    /// Sample i's own stream. The seed is scrambled with i rather than offset: SeededGenerator (SplitMix64) steps
    /// its state by a fixed increment, so seeds one increment apart would give row i the stream of row 0 shifted
    /// by i draws — siblings that are shifted copies of each other.
    static func generator(seed: UInt64, sample: Int) -> SeededGenerator {
        var scrambler = SeededGenerator(seed: seed ^ (UInt64(sample) &* 0xD6E8_FEB8_6659_FD93))
        return SeededGenerator(seed: scrambler.next())
    }

    private func cache(_ slot: inout LlamaKVCache?, B: Int, capacity: Int) -> LlamaKVCache {
        if let existing = slot, existing.B == B, existing.capacity >= capacity {
            existing.reset()
            return existing
        }
        let created = LlamaKVCache(config: model.config, B: B, capacity: capacity)
        slot = created
        return created
    }

    /// One completion in progress.
    private struct Row {
        var generator: SeededGenerator
        var tokens: [Int] = []
        var logProbs: [Float] = []
        /// UTF-8 of the decoded text so far (a token may end mid-character).
        var text: [UInt8] = []
        var finish: FinishReason?

        mutating func append(_ token: Int, _ logProb: Float, tokenizer: any Tokenizer, stops: StopSequenceMatcher) {
            tokens.append(token)
            logProbs.append(logProb)
            if tokenizer.isEndOfSequence(token) {
                finish = .eos
                return
            }
            let before = text.count
            text += tokenizer.decodeBytes([token], skipSpecialTokens: true)
            if let cut = stops.firstMatch(in: text, newFrom: before) {
                text.removeSubrange(cut...)
                finish = .stop
            }
        }
    }
}
