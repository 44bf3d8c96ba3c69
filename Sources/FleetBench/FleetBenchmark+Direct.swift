import Fleet
import Llama
import Losses
import Scoring
import Tasks
import Tensors

extension FleetBenchmark {
    /// The rounds in one loop on one thread of control: no Kafka, no encoding, no blob store.
    public func runDirect() async throws -> Result {
        let policy = try base()
        let model = policy.model
        if let adapter { model.attach(LoRAAdapter(config: adapter, modelConfig: model.config, seed: 0)) }
        // What the optimiser updates: the adapter in a LoRA run, else every parameter.
        let trainable = model.adapter?.parameters.arena ?? model.parameters.arena
        let gradients = model.adapter?.gradients.arena ?? model.gradients.arena
        // Generators sample from merged weights, rebuilt after every step, as the fleet's generator reloads them.
        func sampler() -> GeneratorEngine {
            GeneratorEngine(
                policy: LoadedPolicy(
                    version: 0, model: model.mergedCopy(), tokenizer: policy.tokenizer,
                    tokenizerJSON: policy.tokenizerJSON, tokenizerConfig: policy.tokenizerConfig),
                decodePrecision: decodePrecision)
        }
        var engine = sampler()
        let scorer = try ScorerRegistry.standard.makeScorer(config: "verifier", for: task)
        let optimizer = AdamW(layout: trainable.layout, weightDecay: 0, decays: { $0.shape.rank > 1 })
        let accumulator = TensorArena(layout: trainable.layout)
        let clock = ContinuousClock()
        let start = clock.now
        var newTokens = 0, pending = 0, versions = 0
        for prompt in taskPrompts(seed: 2, count: prompts) {
            let (tokens, completions) = try TaskPrompt(prompt).messages.map {
                try engine.sample(chat: $0, count: samplesPerPrompt, parameters: sampling)
            } ?? engine.sample(prompt.text, count: samplesPerPrompt, parameters: sampling)
            newTokens += completions.reduce(0) { $0 + $1.tokens.count }
            let scores = try await scorer.score(
                prompt: TaskPrompt(prompt),
                completions: completions.map(\.text))
            model.zeroGradients()
            PolicyGradient(loss: GRPOLoss()).accumulate(
                ScoredGroup(
                    promptTokens: tokens, completions: completions.map(\.tokens),
                    rolloutLogProbs: completions.map(\.logProbs), rewards: scores.map(\.total)),
                into: model)
            for i in 0..<accumulator.count { accumulator.base[i] += gradients.base[i] }
            pending += 1
            if pending == updatesPerVersion {
                for i in 0..<accumulator.count { accumulator.base[i] /= Float(pending) }
                _ = GradientClipping.clipByGlobalNorm(accumulator, maxNorm: 1)
                optimizer.step(parameters: trainable, gradients: accumulator, learningRate: Self.learningRate)
                accumulator.zero()
                pending = 0
                versions += 1
                engine = sampler()
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        return result("direct", seconds: seconds, newTokens: newTokens, versions: versions)
    }
}
