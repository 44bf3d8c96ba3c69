import Foundation
import Llama
import Scoring

/// The scorers that run a model, as a run configuration sets them (`scorer.reward-model.*`, `scorer.judge.*`;
/// docs/scoring.md).
public struct ModelScorerSettings: Codable, Sendable, Hashable {
    /// A directory `tao reward-model train` wrote; `nil` leaves `reward-model` unusable.
    public var rewardModel: String?
    /// Candidates per forward pass of the reward model.
    public var rewardModelBatchSize = 8
    /// The judge: any model the engine loads (a Hugging Face directory or a GGUF file); `nil` leaves `judge` unusable.
    public var judgeModel: String?
    public var judgeMode = JudgeTemplate.Mode.yesNo
    /// The judge's prompt template; `nil` for the mode's default (``JudgeTemplate/defaultText(_:)``).
    public var judgeTemplate: String?
    public var judgeMaxResponseCharacters = 400

    public init() {}

    /// The template the judge asks with: `scorer.judge.template` when set; else, for a judge `tao judge train` tuned
    /// in this mode, the template it was trained with; else the mode's default.
    public func judgeTemplate(trained: JudgeDirectory?) -> JudgeTemplate {
        if judgeTemplate == nil, let trained, trained.mode == judgeMode { return trained.judgeTemplate }
        return JudgeTemplate(mode: judgeMode, text: judgeTemplate)
    }

    /// Names of the scorers these settings configure, which need a model loaded before they can be built.
    public static let names: Set<String> = ["reward-model", "judge"]

    /// Checks that the models the scorer configuration `scorers` uses are where these settings say, so a wrong path
    /// stops a stage at start with the key to fix — instead of every record failing, one by one, into the dead-letter
    /// topic once the first one tries to load the model.
    /// - Throws: `RewardModelError.notARewardModel` or `ModelScorerSettingsError.missingModel`.
    public func check(scorers: String) throws {
        let used = Set((try? ScorerConfig(parsing: scorers))?.terms.map(\.name) ?? [])
        if used.contains("reward-model"), let rewardModel {
            let manifest = URL(fileURLWithPath: rewardModel).appendingPathComponent(RewardModelDirectory.fileName)
            guard FileManager.default.fileExists(atPath: manifest.path) else {
                throw RewardModelError.notARewardModel(
                    rewardModel, reason: "no \(RewardModelDirectory.fileName) (scorer.reward-model.path)")
            }
        }
        if used.contains("judge"), let judgeModel, !FileManager.default.fileExists(atPath: judgeModel) {
            throw ModelScorerSettingsError.missingModel(key: "scorer.judge.model", path: judgeModel)
        }
    }
}

public enum ModelScorerSettingsError: Error, Equatable, CustomStringConvertible {
    case missingModel(key: String, path: String)

    public var description: String {
        switch self {
        case .missingModel(let key, let path):
            return "\(key) is \(path), which does not exist; give a Hugging Face model directory or a .gguf file "
                + "(`tao model fetch smollm2-135m-instruct` prints the path of one)"
        }
    }
}

extension ScorerRegistry {
    /// This registry with `reward-model` and `judge` built from `settings`. Each model is loaded once, on its first
    /// use, and shared by every task's scorer; a scorer whose model is not configured fails to build with the key
    /// to set.
    public func adding(_ settings: ModelScorerSettings) -> ScorerRegistry {
        var registry = self
        let rewardModel = settings.rewardModel.map { path in
            LazyScorer(name: "reward-model") {
                RewardModelScorer(model: try RewardModelDirectory.load(URL(fileURLWithPath: path)), batchSize: settings.rewardModelBatchSize)
            }
        }
        registry.register("reward-model") { task in
            guard let rewardModel else {
                throw ScorerConfigError.notApplicable(
                    scorer: "reward-model", task: task.name,
                    reason: "no reward model is configured; set scorer.reward-model.path to a directory `tao reward-model train` wrote")
            }
            return rewardModel
        }
        let judge = settings.judgeModel.map { path in
            LazyScorer(name: "judge") {
                let url = URL(fileURLWithPath: path)
                let template = try settings.judgeTemplate(trained: JudgeDirectory.manifest(at: url))
                let policy = try LoadedPolicy(path: url)
                return LLMJudgeScorer(
                    judge: try LLMJudge(policy: policy, template: template, maxResponseCharacters: settings.judgeMaxResponseCharacters))
            }
        }
        registry.register("judge") { task in
            guard let judge else {
                throw ScorerConfigError.notApplicable(
                    scorer: "judge", task: task.name,
                    reason: "no judge model is configured; set scorer.judge.model to a model directory or GGUF file")
            }
            return judge
        }
        return registry
    }
}
