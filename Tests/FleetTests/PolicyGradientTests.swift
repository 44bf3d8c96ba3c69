@testable import Fleet
import Llama
import Losses
import Tensors
import Testing

/// The whole chain — engine forward, per-token log-probs, RL loss, loss weights, engine backward — against
/// central finite differences of the loss in the model's weights.
@Suite struct PolicyGradientTests {
    static let config = LlamaConfig(
        vocabSize: 32, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 32)

    static func group(sampledBy model: LlamaModel) -> ScoredGroup {
        let completions = [[4, 5], [6, 7, 8], [9]]
        var group = ScoredGroup(
            promptTokens: [1, 2, 3], completions: completions, rolloutLogProbs: [], rewards: [1, 0, 0.5])
        // Sampled by a slightly different (older) policy: ratios near but not at 1, inside the clip range.
        group.rolloutLogProbs = PolicyGradient.Batch(group).logProbs(of: model).enumerated().map { i, row in
            row.enumerated().map { j, value in value + 0.03 * Float((i + j) % 3 - 1) }
        }
        return group
    }

    @Test(arguments: ["grpo+kl", "rloo", "dpo", "best-of-n"])
    func gradientsMatchFiniteDifferences(lossName: String) throws {
        let model = LlamaModel(config: Self.config, seed: 7)
        model.parameters.randomize(seed: 7, std: 0.3)
        let reference = LlamaModel(config: Self.config, seed: 8)
        reference.parameters.randomize(seed: 8, std: 0.3)
        let loss: any PolicyLoss = switch lossName {
        case "grpo+kl": GRPOLoss(clipEpsilon: 0.2, klCoefficient: 0.1)
        case "rloo": RLOOLoss()
        case "dpo": DPOLoss(beta: 0.5)
        default: BestOfNLoss()
        }
        let group = Self.group(sampledBy: model)
        let gradient = PolicyGradient(loss: loss)
        model.zeroGradients()
        gradient.accumulate(group, into: model, reference: reference)

        func value() -> Double {
            let batch = PolicyGradient.Batch(group)
            return loss.evaluate(PolicyGroup(
                rewards: group.rewards, policyLogProbs: batch.logProbs(of: model),
                rolloutLogProbs: group.rolloutLogProbs, referenceLogProbs: batch.logProbs(of: reference))).loss
        }
        let weights = model.parameters.arena.buffer
        let gradients = model.gradients.arena.buffer
        // A spread of entries over every tensor of the arena.
        for index in stride(from: 3, to: weights.count, by: weights.count / 40) {
            let saved = weights[index]
            let h: Float = 1e-2
            weights[index] = saved + h
            let plus = value()
            weights[index] = saved - h
            let minus = value()
            weights[index] = saved
            let numeric = (plus - minus) / Double(2 * h)
            let analytic = Double(gradients[index])
            #expect(abs(numeric - analytic) <= 2e-3 + 0.03 * abs(numeric), "\(lossName) weight \(index)")
        }
    }

    /// One plain gradient step on GRPO makes the best completion more likely and the worst less.
    @Test func aStepMovesTowardTheRewardedCompletion() {
        let model = LlamaModel(config: Self.config, seed: 3)
        let group = Self.group(sampledBy: model)
        let before = PolicyGradient.Batch(group).logProbs(of: model).map { $0.reduce(0, +) }
        model.zeroGradients()
        PolicyGradient(loss: GRPOLoss()).accumulate(group, into: model)
        let weights = model.parameters.arena.buffer, gradients = model.gradients.arena.buffer
        for i in weights.indices { weights[i] -= 0.5 * gradients[i] }
        let after = PolicyGradient.Batch(group).logProbs(of: model).map { $0.reduce(0, +) }
        #expect(after[0] > before[0], "reward 1 completion gains likelihood")
        #expect(after[1] < before[1], "reward 0 completion loses likelihood")
    }
}

@Suite struct PolicyGradientLoRATests {
    /// With a LoRA adapter attached, one plain step on the adapter alone moves toward the rewarded completion, and
    /// the merged model (what generators sample from) computes what the adapted model computes.
    @Test func aStepOnTheAdapterMovesTowardTheRewardedCompletion() {
        let model = LlamaModel(config: PolicyGradientTests.config, seed: 3)
        let adapter = LoRAAdapter(
            config: LoRAConfig(rank: 4, alpha: 8, targets: LoRATarget.allCases), modelConfig: PolicyGradientTests.config,
            seed: 1)
        model.attach(adapter)
        let group = PolicyGradientTests.group(sampledBy: model)
        let before = PolicyGradient.Batch(group).logProbs(of: model).map { $0.reduce(0, +) }
        for _ in 0..<3 {
            model.zeroGradients()
            PolicyGradient(loss: GRPOLoss()).accumulate(group, into: model)
            let weights = adapter.parameters.arena.buffer, gradients = adapter.gradients.arena.buffer
            for i in weights.indices { weights[i] -= 0.5 * gradients[i] }
        }
        let after = PolicyGradient.Batch(group).logProbs(of: model).map { $0.reduce(0, +) }
        #expect(after[0] > before[0], "reward 1 completion gains likelihood")
        #expect(after[1] < before[1], "reward 0 completion loses likelihood")
        let merged = PolicyGradient.Batch(group).logProbs(of: model.mergedCopy())
        let adapted = PolicyGradient.Batch(group).logProbs(of: model)
        #expect(zip(merged.joined(), adapted.joined()).allSatisfy { abs($0 - $1) < 1e-4 })
    }
}

extension PolicyGradientLoRATests {
    /// The chain with an adapter attached: the adapter's gradients against finite differences of the RL loss.
    @Test func adapterGradientsMatchFiniteDifferences() {
        let model = LlamaModel(config: PolicyGradientTests.config, seed: 7)
        model.parameters.randomize(seed: 7, std: 0.3)
        let adapter = TrainedAdapter.make(for: PolicyGradientTests.config, seed: 2, bSeed: 4, bStd: 0.3)
        model.attach(adapter)
        let group = PolicyGradientTests.group(sampledBy: model)
        let loss = GRPOLoss()
        model.zeroGradients()
        PolicyGradient(loss: loss).accumulate(group, into: model)
        func value() -> Double {
            loss.evaluate(PolicyGroup(
                rewards: group.rewards, policyLogProbs: PolicyGradient.Batch(group).logProbs(of: model),
                rolloutLogProbs: group.rolloutLogProbs)).loss
        }
        let weights = adapter.parameters.arena.buffer, gradients = adapter.gradients.arena.buffer
        for index in stride(from: 1, to: weights.count, by: max(1, weights.count / 60)) {
            let saved = weights[index]
            weights[index] = saved + 1e-2
            let plus = value()
            weights[index] = saved - 1e-2
            let minus = value()
            weights[index] = saved
            let numeric = (plus - minus) / 2e-2
            #expect(abs(numeric - Double(gradients[index])) <= 2e-3 + 0.03 * abs(numeric), "adapter entry \(index)")
        }
    }
}
