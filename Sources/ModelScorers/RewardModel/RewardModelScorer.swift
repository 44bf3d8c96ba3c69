import Blocking
import Scoring
import Tasks

/// Scores candidates with a trained ``RewardModel``: each candidate's calibrated probability of being a chosen response,
/// `σ(a·r + b)` (docs/scoring.md, "Reward model"). Candidates are scored in batches of ``batchSize`` on the model's
/// own worker thread; the group's scores do not depend on the batch size.
public final class RewardModelScorer: Scorer, @unchecked Sendable {
    public let name = "reward-model"
    public let batchSize: Int
    private let model: RewardModel
    private let worker = BlockingWorker(label: "tao.reward-model")

    public init(model: RewardModel, batchSize: Int = 8) {
        precondition(batchSize >= 1, "a batch holds at least one candidate")
        self.model = model
        self.batchSize = batchSize
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        guard !completions.isEmpty else { return [] }
        let (model, batchSize) = (self.model, self.batchSize)
        let rewards = try await worker.run {
            try model.rewards(prompt: prompt, responses: completions, batchSize: batchSize)
        }
        return rewards.map { reward in
            let probability = model.calibration.probability(Double(reward))
            return Score(total: probability, components: ["probability": probability])
        }
    }
}
