import Tensors

/// One thread's share of a ``CompletionGenerator`` batch: some cache rows, decoded and sampled step after step on
/// the calling thread, independently of the other workers (they share only the model's weights, read-only, and the
/// cache, whose rows they split). Finished rows drop out of the steps.
///
/// Holds its scratch, logits, sampler and per-row state, so its steps allocate nothing beyond the completions' own
/// growth.
final class DecodeWorker {
    let scratch: DecodeScratch
    /// One per core, for sampling rows in parallel (``Parallel/workers``)
    private let samplers: [TokenSampler]
    /// The completions in progress, one per assigned row.
    private var states: [CompletionState] = []
    /// (rows) the cache row of each state, and the prompt it continues
    private var rows: [Int] = []
    private var promptOf: [Int] = []
    /// (rows) most new tokens of each row, and the bytes of its text already reported to `observer`
    private var limits: [Int] = []
    private var reported: [Int] = []
    private var observer: (@Sendable (_ row: Int, _ text: String) -> Void)?
    /// (M) per step: the tokens appended, the cache rows they extend, the states they belong to
    private var stepTokens: [Int32] = []
    private var stepRows: [Int] = []
    private var stepStates: [Int] = []

    init(config: LlamaConfig, rows: Int, capacity: Int) {
        scratch = DecodeScratch(config: config, rows: rows, capacity: capacity)
        samplers = (0..<Parallel.workers).map { _ in TokenSampler(vocabSize: config.vocabSize) }
    }

    /// Assigns cache `rows`, each with its generator's seed, the index of the prompt it continues and its token
    /// limit; `observer` hears each row's new text (by cache row) as it is decoded.
    func start(
        rows: [Int], seeds: [UInt64], promptOf: [Int], limits: [Int],
        observer: (@Sendable (_ row: Int, _ text: String) -> Void)? = nil
    ) {
        precondition(rows.count <= scratch.rows, "a worker was given more rows than its scratch holds")
        self.rows = rows
        self.promptOf = promptOf
        self.limits = limits
        self.observer = observer
        reported = Array(repeating: 0, count: rows.count)
        states = seeds.map { CompletionState(generator: SeededGenerator(seed: $0)) }
    }

    /// Samples every row's first token from its prompt's logits, then decodes until every row has finished; with
    /// a parallel `runner`, each step's matmuls, attention and sampling are split across cores; with `weights`, the
    /// matmuls multiply by those half-precision copies.
    ///
    /// - firstLogits: (P, V) the last prompt position's logits of each prompt
    func run(
        model: LlamaModel, cache: LlamaKVCache, firstLogits: UnsafePointer<Float>, parameters: SamplingParameters,
        stops: StopSequenceMatcher, tokenizer: any Tokenizer, runner: PhaseRunner, weights: DecodeWeights?
    ) {
        let V = model.config.vocabSize
        let promptOf = self.promptOf
        sample(runner, count: states.count, parameters: parameters, stops: stops, tokenizer: tokenizer) {
            (k: $0, logits: firstLogits + promptOf[$0] * V)
        }
        report(stops: stops)
        for _ in 1..<(limits.max() ?? 1) {
            stepTokens.removeAll(keepingCapacity: true)
            stepRows.removeAll(keepingCapacity: true)
            stepStates.removeAll(keepingCapacity: true)
            for k in states.indices where states[k].finish == nil && states[k].tokens.count < limits[k] {
                stepTokens.append(Int32(states[k].tokens.last!))
                stepRows.append(rows[k])
                stepStates.append(k)
            }
            if stepStates.isEmpty { break }
            stepTokens.withUnsafeBufferPointer { tokens in
                stepRows.withUnsafeBufferPointer { rows in
                    model.decodeStep(tokens: tokens.baseAddress!, rows: rows.baseAddress!, M: tokens.count,
                                     cache: cache, scratch: scratch, logits: scratch.logits, runner: runner,
                                     weights: weights)
                }
            }
            let (stepStates, logits) = (self.stepStates, scratch.logits)
            sample(runner, count: stepStates.count, parameters: parameters, stops: stops,
                             tokenizer: tokenizer) { (k: stepStates[$0], logits: UnsafePointer(logits + $0 * V)) }
            report(stops: stops)
        }
        report(stops: stops, final: true)
    }

    /// Tells the observer each row's text decoded since the last report: whole UTF-8 characters only, and, while the
    /// row runs, not its last `longest stop - 1` bytes (they may begin a stop sequence, which is cut, not shown).
    private func report(stops: StopSequenceMatcher, final: Bool = false) {
        guard let observer else { return }
        for k in states.indices {
            let text = states[k].text
            let done = final || states[k].finish != nil || states[k].tokens.count >= limits[k]
            var end = done ? text.count : max(reported[k], text.count - max(0, stops.longest - 1))
            while !done, end > reported[k], end < text.count, text[end] & 0xC0 == 0x80 { end -= 1 }
            if !done, end > reported[k], let lead = (reported[k]..<end).last(where: { text[$0] & 0xC0 != 0x80 }),
               Self.utf8Length(text[lead]) > end - lead {
                end = lead
            }
            guard end > reported[k] else { continue }
            observer(rows[k], String(decoding: text[reported[k]..<end], as: UTF8.self))
            reported[k] = end
        }
    }

    /// The length of the UTF-8 sequence a lead byte starts.
    private static func utf8Length(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    }

    /// The finished completion of assigned row `k`.
    func completion(at k: Int) -> Completion {
        let state = states[k]
        return Completion(tokens: state.tokens, logProbs: state.logProbs,
                          text: String(decoding: state.text, as: UTF8.self), finishReason: state.finish ?? .length)
    }

    /// Samples the next token of `count` rows, the i-th being state `row(i).k` from logits `row(i).logits` (V),
    /// split as `runner` says (each core with its own sampler; rows' states are disjoint).
    private func sample(
        _ runner: PhaseRunner, count: Int, parameters: SamplingParameters, stops: StopSequenceMatcher,
        tokenizer: any Tokenizer, row: @escaping (Int) -> (k: Int, logits: UnsafePointer<Float>)
    ) {
        let samplers = self.samplers, V = samplers[0].vocabSize
        states.withUnsafeMutableBufferPointer { buffer in
            let states = buffer
            runner.forRanges(count: count) { chunk, worker in
                for i in chunk {
                    let (k, logits) = row(i)
                    let (token, logProb) = samplers[worker].sample(
                        logits: UnsafeBufferPointer(start: logits, count: V), parameters: parameters,
                        generator: &states[k].generator)
                    states[k].append(token, logProb, tokenizer: tokenizer, stops: stops)
                }
            }
        }
    }
}

/// One completion in progress.
struct CompletionState {
    var generator: SeededGenerator
    var tokens: [Int] = []
    var logProbs: [Float] = []
    /// UTF-8 of the decoded text so far (a token may end mid-character).
    var text: [UInt8] = []
    var finish: FinishReason?

    mutating func append(_ token: Int, _ logProb: Float, tokenizer: any Tokenizer, stops: StopSequenceMatcher) {
        tokens.append(token)
        logProbs.append(logProb)
        if tokenizer.isEndOfSequence(token) || stops.stopTokenIds.contains(token) {
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
