import ModelScorers

extension ConfigurationKeys {
    /// The reward model and the LLM judge (docs/scoring.md).
    static let modelScorers: [ConfigurationKey] = [
        .optionalText(
            "scorer.reward-model.path", \.settings.scorer.models.rewardModel,
            allowed: "a directory `tao reward-model train` wrote, or ~ for none",
            "The reward model the `reward-model` scorer term loads."),
        .integer(
            "scorer.reward-model.batch-size", \.settings.scorer.models.rewardModelBatchSize, range: 1...4096,
            "Candidates per forward pass of the reward model."),
        .optionalText(
            "scorer.judge.model", \.settings.scorer.models.judgeModel,
            allowed: "a Hugging Face model directory or a .gguf file, or ~ for none",
            "The model the `judge` scorer term asks; any model the engine loads, not necessarily the policy."),
        .choice("scorer.judge.mode", \.settings.scorer.models.judgeMode,
                "yes-no: P(yes) of the first reply token; grade: the expected 1–10 grade; pairwise: win rate against the group, both orders."),
        .optionalText(
            "scorer.judge.template", \.settings.scorer.models.judgeTemplate,
            allowed: "a template with {prompt} and {response} ({response_a}, {response_b} for pairwise), or ~ for the mode's default",
            check: { text in text.contains("{prompt}") && (text.contains("{response}") || text.contains("{response_a}")) },
            "The judge's question; filled and sent as one user turn through the judge's chat template."),
        .integer(
            "scorer.judge.max-response-characters", \.settings.scorer.models.judgeMaxResponseCharacters, range: 1...100_000,
            "Candidates are cut to this many characters before the judge reads them."),
    ]
}
