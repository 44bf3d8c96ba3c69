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

    public init(samplesPerPrompt: Int, sampling: SamplingParameters, maxLag: Int, templates: [String: String] = [:]) {
        self.samplesPerPrompt = samplesPerPrompt
        self.sampling = sampling
        self.maxLag = maxLag
        self.templates = templates
    }

    /// The text the model sees for a prompt of `task`.
    public func render(task: String, text: String) -> String {
        guard let template = templates[task] else { return text }
        return template.replacingOccurrences(of: "{text}", with: text)
    }
}
