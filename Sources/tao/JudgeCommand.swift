import ArgumentParser
import Foundation
import Llama
import ModelScorers

/// `tao judge train`: fine-tune an LLM judge on preference pairs (docs/scoring.md, "Training a judge").
struct JudgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Tune an LLM judge on preference pairs, so it answers yes about the chosen response and no about the rejected.",
        subcommands: [JudgeTrainCommand.self])
}

struct JudgeTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a yes-no judge (a LoRA adapter) on preference pairs; report held-out accuracy; save it.",
        discussion: """
            --model is the judge's base (any model `tao eval` loads). Pairs are the JSONL `tao reward-model pairs` \
            writes. Each pair asks the judge its template's question twice, and the adapter is fitted by the \
            cross-entropy of the judge's own score, P(yes) / (P(yes) + P(no)): yes for the chosen response, no for the \
            rejected. A share of the prompts (--held-out) is never trained on; it reports pairwise and verdict \
            accuracy. The directory is a PEFT adapter plus judge.json (the template); give it as --judge-model or \
            scorer.judge.model.
            """)

    @Option(help: "The judge's base: a Hugging Face directory, a GGUF file or a name `tao model fetch` knows.")
    var model: String
    @Option(help: "Preference pairs (JSONL).") var pairs: String
    @OptionGroup var ask: JudgeTemplateOptions
    @Option(name: .customLong("max-response-characters"), help: "Characters of a response shown to the judge.")
    var maxResponseCharacters = 400
    @Option(help: "Passes over the training pairs.") var epochs = 1
    @Option(name: .customLong("pairs-per-step"), help: "Pairs per optimiser step.") var pairsPerStep = 8
    @Option(name: .customLong("learning-rate"), help: "Peak AdamW learning rate of the adapter.") var learningRate = 2e-4
    @Option(name: .customLong("lora-rank"), help: "LoRA rank over the frozen judge.") var loraRank = 8
    @Option(name: .customLong("held-out"), help: "Share of prompts held out.") var heldOut = 0.2
    @Option(help: "Seed of the adapter, the split and the order.") var seed: UInt64 = 1
    @Option(help: "Directory to write the judge to.") var out: String

    func run() async throws {
        var settings = JudgeTrainingSettings()
        (settings.epochs, settings.pairsPerStep, settings.learningRate) = (epochs, pairsPerStep, learningRate)
        (settings.loraRank, settings.heldOutFraction, settings.seed) = (loraRank, heldOut, seed)
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
        let (mode, text) = try ask.modeAndText()
        let template = JudgeTemplate(mode: mode, text: text)
        guard template.mode == .yesNo else { throw ValidationError("\(JudgeTrainingError.notYesNo(template.mode.rawValue))") }
        let pairs = try PreferencePair.load(URL(fileURLWithPath: self.pairs))
        let base = try ModelReference.resolve(model)
        let judge = try LLMJudge(
            policy: try LoadedPolicy(path: base), template: template, maxResponseCharacters: maxResponseCharacters)
        let trainer = JudgeTrainer(settings: settings)
        try trainer.attachAdapter(to: judge)
        let started = ContinuousClock.now
        let report = try trainer.train(judge, pairs: pairs) { step, total, loss in
            let elapsed = Double((ContinuousClock.now - started).components.seconds)
            FileHandle.standardError.write(Data(String(
                format: "\rtao judge train: step %d/%d, loss %.4f, %.0f s", step, total, loss, elapsed).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        try JudgeDirectory.save(judge, to: URL(fileURLWithPath: out), basePath: base.path, training: report)
        try JSONLines.print(report)
    }
}
