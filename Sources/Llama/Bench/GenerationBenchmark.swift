import Foundation
import Tensors

/// One `"generation"` line of `tao bench model`: sampling N completions of one prompt with ``CompletionGenerator``,
/// the shape of PyTorch's `generate(num_return_sequences = N)` in `benchmarks/pytorch_bench.py`.
public struct GenerationBenchmarkResult: Codable, Sendable {
    public var bench = "generation"
    public var preset: String
    public var promptTokens: Int
    /// P, prompts decoded together (each with `samples` rows)
    public var prompts: Int
    /// N, samples per prompt
    public var samples: Int
    public var newTokens: Int
    public var repeats: Int
    /// How decoding steps used the cores (``DecodeSplit``).
    public var split: String
    /// The decoding steps' weight precision (``DecodePrecision``).
    public var decodePrecision: String
    /// Wall time of each timed `generate` call (prefill included), after one warm-up call.
    public var seconds: [Double]
    /// prompts · samples · newTokens / the median call time
    public var newTokensPerSecond: Double
    /// samples · newTokens / the fastest call time
    public var newTokensPerSecondBest: Double
    /// The process's peak resident set so far (whatever ran before in the same process included).
    public var peakRSSMiB: Double

    enum CodingKeys: String, CodingKey {
        case bench, preset, prompts, samples, repeats, seconds, split
        case promptTokens = "prompt_tokens"
        case newTokens = "new_tokens"
        case newTokensPerSecond = "new_tokens_per_second"
        case newTokensPerSecondBest = "new_tokens_per_second_best"
        case decodePrecision = "decode_precision"
        case peakRSSMiB = "peak_rss_mib"
    }

    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Times sampled generation: P prompts, N samples of each, every sample exactly `newTokens` long (temperature 1,
/// no top-k/top-p, no end-of-sequence token); one prefill per prompt. Blocking and CPU-bound.
public enum GenerationBenchmark {
    /// A random model of `preset` and P prompts of `promptTokens` random ids.
    public static func run(
        preset: BenchmarkPreset, promptTokens: Int = 32, prompts P: Int = 1, samples: Int = 16, newTokens: Int = 64,
        repeats: Int = 3, split: DecodeSplit = .columns, precision: DecodePrecision = .f32
    ) throws -> GenerationBenchmarkResult {
        let config = preset.config
        var random = SeededGenerator(seed: 2)
        let prompts = (0..<P).map { _ in
            (0..<promptTokens).map { _ in Int.random(in: 2..<config.vocabSize, using: &random) }
        }
        return try run(model: LlamaModel(config: config, seed: 1), label: preset.rawValue, prompts: prompts,
                       samples: samples, newTokens: newTokens, repeats: repeats, split: split, precision: precision)
    }

    /// `model` (a loaded checkpoint, say) on the given prompts; `label` names it in the result's `preset` field.
    public static func run(
        model: LlamaModel, label: String, prompts: [[Int]], samples: Int = 16, newTokens: Int = 64, repeats: Int = 3,
        split: DecodeSplit = .columns, precision: DecodePrecision = .f32
    ) throws -> GenerationBenchmarkResult {
        let generator = CompletionGenerator(model: model, tokenizer: NoEndTokenizer(vocabSize: model.config.vocabSize))
        generator.split = split
        generator.decodePrecision = precision
        let parameters = SamplingParameters(temperature: 1, maxNewTokens: newTokens, seed: 3)
        _ = try generator.generate(prompts: prompts, count: samples, parameters: parameters)  // warm-up, full length
        var seconds: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let completions = try generator.generate(prompts: prompts, count: samples, parameters: parameters)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(completions.joined().allSatisfy { $0.tokens.count == newTokens }, "a sample stopped early")
        }
        let tokens = Double(prompts.count * samples * newTokens)
        return GenerationBenchmarkResult(
            preset: label, promptTokens: prompts[0].count, prompts: prompts.count, samples: samples,
            newTokens: newTokens, repeats: repeats, split: split.rawValue, decodePrecision: precision.rawValue,
            seconds: seconds, newTokensPerSecond: tokens / seconds.sorted()[seconds.count / 2],
            newTokensPerSecondBest: tokens / seconds.min()!, peakRSSMiB: ProcessMemory.peakResidentMiB())
    }
}

/// A byte-level tokenizer over a larger vocabulary with no end-of-sequence token, so benchmark samples always run
/// to full length (ids ≥ 256 decode to nothing).
struct NoEndTokenizer: Tokenizer {
    let vocabSize: Int
    var bosTokenId: Int? { nil }
    var eosTokenIds: [Int] { [] }
    var padTokenId: Int? { nil }
    var specialTokenRule: SpecialTokenRule { .none }
    func encode(_ text: String) -> [Int] { text.utf8.map { Int($0) } }
    func decodeBytes(_ ids: [Int], skipSpecialTokens: Bool) -> [UInt8] { ids.filter { $0 < 256 }.map(UInt8.init) }
    func tokenId(for content: String) -> Int? { nil }
}
