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
        let scorer = try ScorerRegistry.standard.adding(settings.models).makeScorer(config: settings.scorers, for: ArithmeticTask())
        #expect(scorer.name == "verifier+0.5*reward-model+0.25*judge")
    }

    @Test func aModelScorerWithoutItsModelSaysWhichKeyToSet() throws {
        let settings = try ConfigurationResolver.resolve(yaml: "scorer:\n  scorers: verifier+reward-model\n", path: "run.yaml")
            .configuration.settings.scorer
        #expect {
            _ = try settings.registry().makeScorer(config: settings.scorers, for: ArithmeticTask())
        } throws: { "\($0)".contains("scorer.reward-model.path") }
    }

    @Test func aJudgeTemplateWithoutPlaceholdersIsRefusedWhenRead() {
        #expect {
            _ = try ConfigurationResolver.resolve(yaml: "scorer:\n  judge:\n    template: Is it right?\n", path: "run.yaml")
        } throws: { "\($0)".contains("scorer.judge.template") && "\($0)".contains("{prompt}") }
    }
}

extension ModelScorerConfigurationTests {
    @Test func anHTTPScorerIsConfiguredByItsKeysAndRefusedWithoutAURL() throws {
        let yaml = """
            scorer:
              scorers: {verifier: 1, http: 0.5}
              http:
                url: http://127.0.0.1:9/score
                timeout: 2.5
                retries: 1
                fallback: 0
                bearer-token-env: TAO_TEST_UNSET_TOKEN
            """
        let settings = try ConfigurationResolver.resolve(yaml: yaml, path: "run.yaml").configuration.settings.scorer
        #expect(settings.http.url == "http://127.0.0.1:9/score" && settings.http.timeout == 2.5 && settings.http.retries == 1)
        #expect(settings.http.fallback == 0 && settings.http.bearerTokenEnv == "TAO_TEST_UNSET_TOKEN")
        // A token variable that is not set is refused before any request, naming it.
        #expect { _ = try settings.registry() } throws: { "\($0)".contains("TAO_TEST_UNSET_TOKEN is not set") }
        var withoutToken = settings
        withoutToken.http.bearerTokenEnv = nil
        let scorer = try withoutToken.registry().makeScorer(config: settings.scorers, for: ArithmeticTask())
        #expect(scorer.name == "verifier+0.5*http")
        let unset = try ConfigurationResolver.resolve(yaml: "scorer:\n  scorers: http\n", path: "run.yaml").configuration.settings.scorer
        #expect { _ = try unset.registry().makeScorer(config: unset.scorers, for: ArithmeticTask()) } throws: {
            "\($0)".contains("scorer.http.url")
        }
        #expect { _ = try ConfigurationResolver.resolve(yaml: "scorer:\n  http:\n    fallback: 2\n", path: "run.yaml") } throws: {
            "\($0)".contains("scorer.http.fallback")
        }
    }
}

extension ModelScorerConfigurationTests {
    @Test func aModelPathThatIsWrongStopsTheStageAtStartNamingTheKey() throws {
        let yaml = """
            scorer:
              scorers: reward-model+judge
              reward-model:
                path: /nonexistent/rm
              judge:
                model: /nonexistent/judge.gguf
            """
        var settings = try ConfigurationResolver.resolve(yaml: yaml, path: "run.yaml").configuration.settings.scorer
        #expect { _ = try settings.registry() } throws: { "\($0)".contains("scorer.reward-model.path") }
        settings.scorers = "judge"
        #expect { _ = try settings.registry() } throws: {
            "\($0)".contains("scorer.judge.model") && "\($0)".contains("does not exist")
        }
        // A model the configuration does not use is not checked.
        settings.scorers = "verifier"
        _ = try settings.registry()
    }
}
