import Llama
import Yams

extension ConfigurationKeys {
    static let generator: [ConfigurationKey] = [
        .integer(
            "generator.samples", \.settings.generator.samples, flag: "--samples", range: 1...Int.max,
            "Candidates sampled per prompt (the group size N)."),
        .number(
            "generator.temperature", \.settings.generator.temperature, flag: "--temperature", range: 0...Double.infinity,
            "Sampling temperature; 0 is greedy."),
        .number(
            "generator.top-p", \.settings.generator.topP, flag: "--top-p", range: 0...1, above: true,
            "Nucleus sampling: keep the most likely tokens up to this total probability; 1 keeps all."),
        .integer("generator.max-tokens", \.settings.generator.maxTokens, flag: "--max-tokens", range: 1...Int.max, "Most new tokens per candidate."),
        .texts("generator.stop", \.settings.generator.stop, flag: "--stop", "A candidate stops when its text ends with one of these."),
        .textMap(
            "generator.templates", \.settings.generator.templates, flag: "--template",
            allowed: "a mapping of task names to templates containing {text}",
            "Prompt template per task, with {text} for the prompt, e.g. `arithmetic: \"Q: {text}\\nA:\"`."),
        .unsigned(
            "generator.seed", \.settings.generator.seed, flag: "--seed",
            "Base sampling seed, mixed with each prompt id and policy version (redeliveries sample alike)."),
        decodePrecision,
    ]

    /// `f32` is stored as `nil` in the settings (the reference precision).
    private static let decodePrecision = ConfigurationKey(
        "generator.decode-precision", flag: "--decode-precision", shape: .scalar,
        allowed: "one of " + DecodePrecision.allCases.map(\.rawValue).joined(separator: ", "),
        summary: "Decoding weights: f32 (the reference), f16 (about twice as fast on a real model) or bf16.",
        read: { node, c in
            guard let text = ConfigurationKey.scalarText(node), let value = DecodePrecision(rawValue: text) else {
                return false
            }
            c.settings.generator.decodePrecision = value == .f32 ? nil : value
            return true
        },
        render: { Node(($0.settings.generator.decodePrecision ?? .f32).rawValue) })
}
