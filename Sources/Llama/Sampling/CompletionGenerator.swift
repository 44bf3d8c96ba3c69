import Tensors

/// Samples N completions of each of one or more prompts with a model. Each prompt is run once (prefill, batch 1)
/// and its keys and values copied to its N cache rows; then all rows of all prompts decode together, one token per
/// step, each at its own position, split across cores (``DecodeWorker``).
///
/// Reproducible: sample i of prompt p draws from its own generator seeded by
/// (``SamplingParameters/seed(forPrompt:)``, i), so its tokens depend neither on how many siblings it has nor on
/// which other prompts share the batch. Buffers (caches, logits, workers) are kept between calls and reused while the
/// shapes fit. Not thread-safe; blocking and CPU-bound (see ``LlamaModel``'s threading note).
public final class CompletionGenerator {
    public let model: LlamaModel
    public let tokenizer: any Tokenizer
    private var prefillCache: LlamaKVCache?
    private var batchCache: LlamaKVCache?
    private var workers: [DecodeWorker] = []
    /// (1, V) logits of the last prefill
    private var prefillLogits: [Float] = []
    /// How decoding steps use the cores.
    public var split = DecodeSplit.columns
    /// The precision of the decoding steps' weights; the prefill is Float32 whatever this says. `.f32` (the
    /// default) is the reference path, bit for bit what it always was.
    public var decodePrecision = DecodePrecision.f32
    /// The half-precision copies for ``decodePrecision``, allocated once, refreshed from the model's parameters at
    /// the start of every `generate` call so they can never be stale.
    private var decodeWeights: DecodeWeights?

    public init(model: LlamaModel, tokenizer: any Tokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// - Parameters:
    ///   - prompt: token ids, at least one
    ///   - count: N, the number of completions
    public func generate(prompt: [Int], count: Int, parameters: SamplingParameters) throws -> [Completion] {
        try generate(prompts: [prompt], count: count, parameters: parameters)[0]
    }

    /// N completions of every prompt, decoded in one batch of P·N rows: `result[p][i]` is sample i of prompt p,
    /// the same completion ``generate(prompt:count:parameters:)`` returns for `prompts[p]` alone with the seed
    /// `parameters.seed(forPrompt: p)`.
    ///
    /// - Parameters:
    ///   - prompts: P prompts of token ids, each at least one token; lengths may differ
    ///   - count: N, completions per prompt
    public func generate(prompts: [[Int]], count: Int, parameters: SamplingParameters) throws -> [[Completion]] {
        let requests = prompts.enumerated().map {
            GenerationRequest(prompt: $0.element, maxNewTokens: parameters.maxNewTokens, seed: parameters.seed(forPrompt: $0.offset))
        }
        return try generate(requests, count: count, parameters: parameters)
    }

    /// N completions of every request, decoded in one batch: each request has its own token limit and seed (what
    /// `parameters` says of those is ignored), so `tao serve` can batch callers who asked for different lengths.
    /// `result[p][i]` is the completion ``generate(prompt:count:parameters:)`` gives for request p alone with its
    /// seed and limit. With an `observer`, each row's text is reported as it grows (see ``GenerationObserver``).
    public func generate(
        _ requests: [GenerationRequest], count: Int, parameters: SamplingParameters, observer: GenerationObserver? = nil
    ) throws -> [[Completion]] {
        let prompts = requests.map(\.prompt)
        try validate(prompts: prompts, count: count, parameters: parameters, limits: requests.map(\.maxNewTokens))
        let (V, N) = (model.config.vocabSize, count)
        let capacity = requests.map { $0.prompt.count + $0.maxNewTokens }.max()!
        let batch = cache(&batchCache, B: prompts.count * N, capacity: capacity)
        // Each prompt's last-position logits (P, V) predict the first token of its N rows.
        var firstLogits = [Float](repeating: 0, count: prompts.count * V)
        for (p, prompt) in prompts.enumerated() {
            let prefill = cache(&prefillCache, B: 1, capacity: capacity)
            model.forward(tokens: prompt.map(Int32.init), cache: prefill, logits: &prefillLogits,
                          lastPositionOnly: true)
            firstLogits.replaceSubrange((p * V)..<((p + 1) * V), with: prefillLogits)
            batch.broadcast(row0Of: prefill, into: (p * N)..<((p + 1) * N))
        }

        // Rows are dealt round-robin so each worker gets a share of every prompt (similar lengths, similar finishes).
        let rows = batch.B, W = split == .rows ? min(Parallel.workers, rows) : 1
        prepareWorkers(count: W, rows: (rows + W - 1) / W, capacity: batch.capacity)
        let stops = StopSequenceMatcher(parameters.stopSequences, stopTokenIds: parameters.stopTokenIds)
        var rowObserver: (@Sendable (Int, String) -> Void)?
        if let observer { rowObserver = { row, text in observer(row / N, row % N, text) } }
        for (w, worker) in workers.prefix(W).enumerated() {
            let assigned = Array(stride(from: w, to: rows, by: W))
            worker.start(rows: assigned, seeds: assigned.map { row in
                let (p, i) = row.quotientAndRemainder(dividingBy: N)
                return Self.rowSeed(requests[p].seed, sample: i)
            }, promptOf: assigned.map { $0 / N }, limits: assigned.map { requests[$0 / N].maxNewTokens },
                         observer: rowObserver)
        }
        let workers = self.workers, model = self.model, tokenizer = self.tokenizer, weights = refreshedDecodeWeights()
        firstLogits.withUnsafeBufferPointer { firstLogits in
            let firstLogits = firstLogits.baseAddress!
            func decode(_ worker: DecodeWorker, _ runner: PhaseRunner) {
                worker.run(model: model, cache: batch, firstLogits: firstLogits, parameters: parameters, stops: stops,
                           tokenizer: tokenizer, runner: runner, weights: weights)
            }
            if W == 1 && split == .columns && Parallel.workers > 1 {
                DecodeTeam.run { team in decode(workers[0], .team(team)) }
            } else {
                Parallel.forChunks(count: W) { _, range in
                    for w in range { decode(workers[w], .serial) }
                }
            }
        }
        var completions = [[Completion]](repeating: [], count: prompts.count)
        for row in 0..<rows { completions[row / N].append(workers[row % W].completion(at: row / W)) }
        return completions
    }

    private func validate(prompts: [[Int]], count: Int, parameters: SamplingParameters, limits: [Int]) throws {
        try parameters.validate()
        guard limits.allSatisfy({ $0 >= 1 }) else { throw SamplingError(message: "max new tokens must be at least 1") }
        guard model.adapter == nil else {
            // The decode path reads the plain weights: an attached adapter would be silently ignored.
            throw SamplingError(message: "the model has a LoRA adapter attached; generate from mergedCopy()")
        }
        let V = model.config.vocabSize
        guard !prompts.isEmpty else { throw SamplingError(message: "no prompts were given") }
        guard count >= 1 else { throw SamplingError(message: "the number of completions must be at least 1") }
        for (p, prompt) in prompts.enumerated() {
            let which = prompts.count == 1 ? "the prompt" : "prompt \(p)"
            guard !prompt.isEmpty else { throw SamplingError(message: "\(which) has no tokens") }
            if let bad = prompt.first(where: { $0 < 0 || $0 >= V }) {
                let owner = prompts.count == 1 ? "prompt" : "prompt \(p)"
                throw SamplingError(message: "\(owner) token \(bad) is outside the vocabulary 0..<\(V)")
            }
            guard prompt.count + limits[p] <= model.config.maxPositionEmbeddings else {
                throw SamplingError(message: "\(which) (\(prompt.count) tokens) + max new tokens "
                    + "(\(limits[p])) exceeds the model's \(model.config.maxPositionEmbeddings) "
                    + "positions; shorten one of them")
            }
        }
    }

    /// The half-precision copies of the model's current weights for ``decodePrecision`` (`nil` for `.f32`):
    /// re-rounded on every call, since nothing tells the generator when the parameter arena was last written.
    private func refreshedDecodeWeights() -> DecodeWeights? {
        guard let format = decodePrecision.halfFormat else {
            decodeWeights = nil
            return nil
        }
        if decodeWeights?.format != format { decodeWeights = DecodeWeights(config: model.config, format: format) }
        decodeWeights!.refresh(from: model.parameters)
        return decodeWeights
    }

    private func prepareWorkers(count: Int, rows: Int, capacity: Int) {
        let tooSmall = workers.contains { $0.scratch.rows < rows || $0.scratch.capacity < capacity }
        if workers.count < count || tooSmall {
            workers = (0..<count).map { _ in DecodeWorker(config: model.config, rows: rows, capacity: capacity) }
        }
    }

    /// The seed of sample i's own stream. It is scrambled with i rather than offset: SeededGenerator (SplitMix64)
    /// steps its state by a fixed increment, so seeds one increment apart would give row i the stream of row 0
    /// shifted by i draws — siblings that are shifted copies of each other.
    static func rowSeed(_ seed: UInt64, sample: Int) -> UInt64 {
        var scrambler = SeededGenerator(seed: seed ^ (UInt64(sample) &* 0xD6E8_FEB8_6659_FD93))
        return scrambler.next()
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
}

extension SamplingParameters {
    /// The seed prompt p of a multi-prompt ``CompletionGenerator/generate(prompts:count:parameters:)`` call samples
    /// with: ``seed`` itself for prompt 0, so a single prompt draws the same either way.
    public func seed(forPrompt p: Int) -> UInt64 {
        guard p > 0 else { return seed }
        var scrambler = SeededGenerator(seed: seed ^ (UInt64(p) &* 0xD1B5_4A32_D192_ED03))
        return scrambler.next()
    }
}

/// How a batch of decoding rows shares the cores.
public enum DecodeSplit: String, Sendable, CaseIterable {
    /// Every step multiplies all rows at once, each matmul's output columns (its weights) split across cores:
    /// each weight is read from memory once per step.
    case columns
    /// Each core decodes its own share of the rows independently, never waiting for the others, but reading every
    /// weight itself.
    case rows
}
