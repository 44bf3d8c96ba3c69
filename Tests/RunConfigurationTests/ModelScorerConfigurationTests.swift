import Foundation
import Scoring
import Tasks
import Testing

@testable import RunConfiguration

/// `scorer.reward-model.*` and `scorer.judge.*`: a configuration names model scorers without loading them, and the
/// registry it builds says which key to set when one is missing.
@Suite struct ModelScorerConfigurationTests {
    @Test func aRewardModelAndAJudgeAreReadAndValidatedWithoutLoadingAModel() throws {
        let yaml = """
            scorer:
              scorers: {verifier: 1, reward-model: 0.5, judge: 0.25}
              reward-model:
                path: /models/rm-docqa
                batch-size: 16
              judge:
                model: /models/judge.gguf
                mode: grade
                template: "Q: {prompt} A: {response} Grade 1-10:"
            """
        let settings = try ConfigurationResolver.resolve(yaml: yaml, path: "run.yaml").configuration.settings.scorer
        #expect(settings.models.rewardModel == "/models/rm-docqa" && settings.models.rewardModelBatchSize == 16)
        #expect(settings.models.judgeModel == "/models/judge.gguf" && settings.models.judgeMode == .grade)
        #expect(settings.models.judgeTemplate == "Q: {prompt} A: {response} Grade 1-10:")
        // Building the weighted scorer loads nothing: the models load when they first score.
        let scorer = try settings.registry.makeScorer(config: settings.scorers, for: ArithmeticTask())
        #expect(scorer.name == "verifier+0.5*reward-model+0.25*judge")
    }

    @Test func aModelScorerWithoutItsModelSaysWhichKeyToSet() throws {
        let settings = try ConfigurationResolver.resolve(yaml: "scorer:\n  scorers: verifier+reward-model\n", path: "run.yaml")
            .configuration.settings.scorer
        #expect {
            _ = try settings.registry.makeScorer(config: settings.scorers, for: ArithmeticTask())
        } throws: { "\($0)".contains("scorer.reward-model.path") }
    }

    @Test func aJudgeTemplateWithoutPlaceholdersIsRefusedWhenRead() {
        #expect {
            _ = try ConfigurationResolver.resolve(yaml: "scorer:\n  judge:\n    template: Is it right?\n", path: "run.yaml")
        } throws: { "\($0)".contains("scorer.judge.template") && "\($0)".contains("{prompt}") }
    }
}
