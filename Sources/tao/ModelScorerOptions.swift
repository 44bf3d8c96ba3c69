import ArgumentParser
import ModelScorers
import Scoring

/// The flags that make `reward-model` and `judge` usable in a command without a run configuration (experiments,
/// `tao scorer audit`): the same settings as `scorer.reward-model.*` and `scorer.judge.*`.
struct ModelScorerOptions: ParsableArguments {
    @Option(name: .customLong("reward-model"), help: "A directory `tao reward-model train` wrote, for the reward-model scorer.")
    var rewardModel: String?
    @Option(name: .customLong("judge-model"), help: "The judge scorer's model: a directory (one `tao judge train` wrote, too), a .gguf file or a name `tao model fetch` knows.")
    var judgeModel: String?
    @OptionGroup var judge: JudgeTemplateOptions

    /// The reward model and judge these options name (a judge given by name is fetched).
    func settings() throws -> ModelScorerSettings {
        var settings = ModelScorerSettings()
        settings.rewardModel = rewardModel
        settings.judgeModel = try judgeModel.map { try ModelReference.resolve($0).path }
        (settings.judgeMode, settings.judgeTemplate) = try judge.modeAndText()
        return settings
    }

    /// The built-in scorers plus the reward model and judge these options name.
    func registry() throws -> ScorerRegistry { ScorerRegistry.standard.adding(try settings()) }
}

/// How the judge is asked: `--judge-mode` and `--judge-template` (`scorer.judge.mode`, `scorer.judge.template`).
struct JudgeTemplateOptions: ParsableArguments {
    @Option(name: .customLong("judge-mode"), help: "How the judge grades: yes-no, grade or pairwise.") var judgeMode = "yes-no"
    @Option(
        name: .customLong("judge-template"),
        help: "A file holding the judge's question, with {prompt} and {response} ({response_a}, {response_b} for pairwise); default: the mode's.")
    var judgeTemplate: String?

    func validate() throws {
        guard JudgeTemplate.Mode(rawValue: judgeMode) != nil else {
            throw ValidationError("--judge-mode must be one of " + JudgeTemplate.Mode.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// The mode, and the template's text when a file is given (checked for the mode's placeholders).
    func modeAndText() throws -> (JudgeTemplate.Mode, String?) {
        let mode = JudgeTemplate.Mode(rawValue: judgeMode) ?? .yesNo
        guard let judgeTemplate else { return (mode, nil) }
        let text: String
        do { text = try String(contentsOfFile: judgeTemplate, encoding: .utf8) } catch {
            throw ValidationError("--judge-template \(judgeTemplate) cannot be read: \(error.localizedDescription)")
        }
        do { try JudgeTemplate(mode: mode, text: text).validate() } catch {
            throw ValidationError("--judge-template \(judgeTemplate): \(error)")
        }
        return (mode, text)
    }
}
