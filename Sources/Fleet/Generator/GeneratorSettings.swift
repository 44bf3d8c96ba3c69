import Llama

/// How a generator samples.
public struct GeneratorSettings: Sendable {
    /// N candidates per prompt.
    public var samplesPerPrompt: Int
    /// Temperature, top-k/top-p, max new tokens, stop sequences; `seed` is mixed with each prompt's id and the
    /// policy version, so a redelivered prompt gets the same candidates.
    public var sampling: SamplingParameters
    /// Never sample with a policy more than this many versions behind the newest announced.
    public var maxLag: Int
    /// Per-task prompt templates with `{text}` standing for the prompt's text; tasks not listed use the text as is.
    public var templates: [String: String]
    /// The precision of the decoding steps' weights (``DecodePrecision``): `.f32` (the reference) unless set;
    /// `.f16` about doubles sampling speed on a real model. Each policy version's copies are made from its own
    /// weights at every `generate` call, so they can never lag the policy.
    public var decodePrecision: DecodePrecision
    /// Prompts the generator leaves alone (acknowledged, never sampled): the gate's held-back traffic.
    public var heldBack: HeldBack
    /// Policy announcements must be signed by one of these (none: not checked; docs/reliability.md, "Signed weights").
    public var trustedKeys: TrustedKeys = .none

    public init(
        samplesPerPrompt: Int, sampling: SamplingParameters, maxLag: Int, templates: [String: String] = [:],
        decodePrecision: DecodePrecision = .f32, heldBack: HeldBack = .none
    ) {
        self.heldBack = heldBack
        self.samplesPerPrompt = samplesPerPrompt
        self.sampling = sampling
        self.maxLag = maxLag
        self.templates = templates
        self.decodePrecision = decodePrecision
    }

    /// The text the model sees for a prompt of `task`.
    public func render(task: String, text: String) -> String {
        guard let template = templates[task] else { return text }
        return template.replacingOccurrences(of: "{text}", with: text)
    }
}
