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
        let engine = GeneratorEngine(policy: policy)
        let scorer = try ScorerRegistry.standard.makeScorer(config: "verifier", for: ArithmeticTask())
        let optimizer = AdamW(layout: model.parameters.arena.layout, weightDecay: 0, decays: { $0.shape.rank > 1 })
        let accumulator = TensorArena(layout: model.parameters.arena.layout)
        let clock = ContinuousClock()
        let start = clock.now
        var newTokens = 0, pending = 0, versions = 0
        for prompt in taskPrompts(seed: 2, count: prompts) {
            let (tokens, completions) = try engine.sample(prompt.text, count: samplesPerPrompt, parameters: sampling)
            newTokens += completions.reduce(0) { $0 + $1.tokens.count }
            let scores = try await scorer.score(
                prompt: TaskPrompt(id: prompt.id, task: prompt.task, text: prompt.text, metadata: prompt.metadata),
                completions: completions.map(\.text))
            model.zeroGradients()
            PolicyGradient(loss: GRPOLoss()).accumulate(
                ScoredGroup(
                    promptTokens: tokens, completions: completions.map(\.tokens),
                    rolloutLogProbs: completions.map(\.logProbs), rewards: scores.map(\.total)),
                into: model)
            let gradients = model.gradients.arena
            for i in 0..<accumulator.count { accumulator.base[i] += gradients.base[i] }
            pending += 1
            if pending == updatesPerVersion {
                for i in 0..<accumulator.count { accumulator.base[i] /= Float(pending) }
                _ = GradientClipping.clipByGlobalNorm(accumulator, maxNorm: 1)
                optimizer.step(parameters: model.parameters.arena, gradients: accumulator, learningRate: Self.learningRate)
                accumulator.zero()
                pending = 0
                versions += 1
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        return result("direct", seconds: seconds, newTokens: newTokens, versions: versions)
    }
}
