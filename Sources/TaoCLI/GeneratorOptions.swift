import ArgumentParser
import Fleet
import Llama

/// How a generator samples: `tao-generator`'s stage options (and `tao up`'s, handed to it as ``RunSettings/Generator``).
public struct GeneratorOptions: ParsableArguments, Sendable {
    @Option(name: [.customShort("n"), .long], help: "Candidates sampled per prompt (the group size N).")
    public var samples = 8

    @Option(help: "Sampling temperature; 0 is greedy.")
    public var temperature: Float = 1

    @Option(help: "Nucleus sampling: keep the most likely tokens up to this total probability; 1 keeps all.")
    public var topP: Float = 1

    @Option(help: "Most new tokens per candidate.")
    public var maxTokens = 64

    @Option(help: ArgumentHelp("Stop a candidate when its text ends with this (repeatable).", valueName: "text"))
    public var stop: [String] = []

    @Option(help: ArgumentHelp(
        "Prompt template for a task, task=TEXT with {text} for the prompt (repeatable), e.g. 'arithmetic=Q: {text}\\nA:'.",
        valueName: "task=text"))
    public var template: [String] = []

    @Option(help: "Base sampling seed, mixed with each prompt id and policy version (redeliveries sample alike).")
    public var seed: UInt64 = 0

    @Option(help: "Decoding weights: f32 (the reference), f16 (about twice as fast on a real model) or bf16.")
    public var decodePrecision: DecodePrecision = .f32

    public init() {}

    public func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1, got \(samples)") }
        do {
            try sampling.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        _ = try templates()
    }

    public var sampling: SamplingParameters {
        SamplingParameters(temperature: temperature, topP: topP, maxNewTokens: maxTokens, stopSequences: stop, seed: seed)
    }

    /// `--template` values as task → template.
    public func templates() throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in template {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--template '\(entry)' is not task=TEXT (e.g. --template 'arithmetic=Q: {text} A:')")
            }
            result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return result
    }

    public func settings(maxLag: Int) throws -> GeneratorSettings {
        GeneratorSettings(
            samplesPerPrompt: samples, sampling: sampling, maxLag: maxLag, templates: try templates(),
            decodePrecision: decodePrecision)
    }
}

extension GeneratorOptions {
    /// These options as the generators' part of a run's settings (what `tao up` hands its generators).
    public func runSettings() throws -> RunSettings.Generator {
        var part = RunSettings.Generator()
        part.samples = samples
        part.temperature = temperature
        part.topP = topP
        part.maxTokens = maxTokens
        part.stop = stop
        part.templates = try templates()
        part.seed = seed
        part.decodePrecision = decodePrecision == .f32 ? nil : decodePrecision
        return part
    }

    /// The options `part` describes, validated as if they had been given as flags. (Built on a
    /// value: assigning a wrapped property inside an initializer would re-create its ArgumentParser definition.)
    public init(_ part: RunSettings.Generator) throws {
        var options = Self()
        options.samples = part.samples
        options.temperature = part.temperature
        options.topP = part.topP
        options.maxTokens = part.maxTokens
        options.stop = part.stop
        options.template = part.templates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        options.seed = part.seed
        options.decodePrecision = part.decodePrecision ?? .f32
        try options.validate()
        self = options
    }
}
