import Fleet
import ModelScorers
import Scoring
import Tasks
import Yams

extension ConfigurationKeys {
    static let scoring: [ConfigurationKey] = [scorers] + modelScorers

    static let training: [ConfigurationKey] = [
        .choice("trainer.loss", \.settings.trainer.loss, flag: "--loss", "The RL objective: grpo (group-normalised advantages), rloo (leave-one-out), dpo (best vs worst pair), best-of-n (imitate the best)."),
        .number("trainer.kl", \.settings.trainer.kl, flag: "--kl", range: 0...Double.infinity, "KL penalty coefficient toward the sampling policy (grpo and rloo); 0 turns it off."),
        .text(
            "coordinator.checkpoint-dir", \.settings.coordinator.checkpointDir, flag: "--checkpoint-dir", allowed: "a directory path",
            "Directory of the coordinator's checkpoint, shared by an active and a standby coordinator."),
        .integer(
            "coordinator.updates-per-version", \.settings.coordinator.updatesPerVersion, flag: "--updates-per-version",
            range: 1...Int.max, "Updates (one scored group each) averaged into one optimiser step and one new policy version."),
        .number(
            "coordinator.learning-rate", \.settings.coordinator.learningRate, flag: "--learning-rate", range: 0...Double.infinity,
            above: true, "Peak AdamW learning rate."),
        .integer("coordinator.warmup", \.settings.coordinator.warmup, flag: "--warmup", "Linear warm-up steps (versions) to the peak learning rate."),
        .number("coordinator.weight-decay", \.settings.coordinator.weightDecay, flag: "--weight-decay", range: 0...Double.infinity, "AdamW decoupled weight decay (matrices only)."),
        .integer(
            "coordinator.keep-versions", \.settings.coordinator.keepVersions, flag: "--keep-versions",
            "Policy versions whose weights and optimiser state stay in the blob store besides every version ever promoted; older ones are pruned as new ones commit. 0 keeps all."),
        .integer(
            "coordinator.dedupe-versions", \.settings.coordinator.dedupeVersions, flag: "--dedupe-versions",
            "Versions for which the coordinator remembers the prompts it trained on, so that a prompt sampled again after its generator died (before committing the prompt's offset) is trained once. Bounds the checkpoint's list of applied rollouts; never fewer than run.max-lag."),
        .number("coordinator.max-grad-norm", \.settings.coordinator.maxGradNorm, flag: "--max-grad-norm", range: 0...Double.infinity, "Clip the averaged gradient to this global norm; 0 turns clipping off."),
        .integer(
            "lora.rank", \.settings.coordinator.loraRank, flag: "--lora-rank",
            "Rank of the LoRA adapter over the frozen base (q/k/v/o); 0 trains every parameter. A fresh run only: a checkpoint keeps its mode."),
        .number("lora.alpha", \.settings.coordinator.loraAlpha, flag: "--lora-alpha", range: 0...Double.infinity, above: true, "The adapter's update is scaled by alpha / rank."),
    ]

    /// A weighted sum of built-in scorers: `verifier+0.2*format`, or the same as a mapping of scorer to weight.
    /// It must build for at least one built-in task, so a typo fails when the configuration is read.
    private static let scorers = ConfigurationKey(
        "scorer.scorers", flag: "--scorers (tao-scorer), --scorer-config (tao up)", shape: .scalarOrMapping,
        allowed: "a weighted sum of " + (ScorerRegistry.standard.adding(ModelScorerSettings()).names + ["http"]).sorted()
            .joined(separator: ", ")
            + " (e.g. verifier+0.2*format, or {verifier: 1, format: 0.2}) that builds for a built-in task",
        summary: "The scorers and their weights.",
        read: { node, c in
            let config: String
            if let mapping = node.mapping {
                var terms: [String] = []
                for (name, weight) in mapping {
                    guard let name = ConfigurationKey.scalarText(name), let weight = ConfigurationKey.scalarText(weight),
                          let value = Double(weight), value.isFinite
                    else { return false }
                    terms.append(value == 1 ? name : "\(weight)*\(name)")
                }
                config = terms.joined(separator: "+")
            } else if let text = ConfigurationKey.scalarText(node) {
                config = text
            } else {
                return false
            }
            // A reward model or a judge is only named here: its model may be configured after this key.
            var registry = ScorerRegistry.standard.adding(ModelScorerSettings())
            registry.register("http") { _ in RandomRewardScorer() }  // a name only, like the model scorers
            let builds = BuiltInTasks.names.contains { name in
                guard let task = try? BuiltInTasks.task(named: name) else { return false }
                return (try? registry.check(config: config, for: task, deferred: RunSettings.Scorer.deferred)) != nil
            }
            guard builds else { return false }
            c.settings.scorer.scorers = config
            return true
        },
        render: { Node($0.settings.scorer.scorers) })
}
