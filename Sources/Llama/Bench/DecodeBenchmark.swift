import Foundation
import Tensors

/// One line of `tao bench model --decode` output: incremental generation speed with the KV cache.
public struct DecodeBenchmarkResult: Codable, Sendable {
    public var bench = "model-decode"
    public var preset: String
    public var batch: Int
    public var promptTokens: Int
    public var newTokens: Int
    /// Wall time of the prompt's single prefill call.
    public var prefillSeconds: Double
    /// Generated tokens per second over all batch rows (B · newTokens / decode time).
    public var decodeTokensPerSecond: Double
    public var peakRSSMiB: Double

    enum CodingKeys: String, CodingKey {
        case bench, preset, batch
        case promptTokens = "prompt_tokens"
        case newTokens = "new_tokens"
        case prefillSeconds = "prefill_seconds"
        case decodeTokensPerSecond = "decode_tokens_per_second"
        case peakRSSMiB = "peak_rss_mib"
    }

    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Times greedy decoding of a random model: prefill half the preset's sequence length, then generate the rest one
/// token per call. Blocking and CPU-bound, like ``ModelBenchmark``.
public enum DecodeBenchmark {
    public static func run(preset: BenchmarkPreset, batch: Int = 1) -> DecodeBenchmarkResult {
        let config = preset.config
        let T = preset.sequenceLength, prompt = T / 2, V = config.vocabSize
        let model = LlamaModel(config: config, seed: 1)
        let cache = LlamaKVCache(config: config, B: batch, capacity: T)
        var generator = SeededGenerator(seed: 2)
        var tokens = (0..<(batch * prompt)).map { _ in Int32.random(in: 0..<Int32(V), using: &generator) }
        var logits: [Float] = []
        let start = DispatchTime.now().uptimeNanoseconds
        model.forward(tokens: tokens, cache: cache, logits: &logits, lastPositionOnly: true)
        let prefilled = DispatchTime.now().uptimeNanoseconds
        var next = [Int32](repeating: 0, count: batch)
        for _ in prompt..<T {
            for b in 0..<batch {  // greedy: the arg-max of each row's logits
                let row = b * V
                var best = 0
                for v in 1..<V where logits[row + v] > logits[row + best] { best = v }
                next[b] = Int32(best)
            }
            tokens = next
            model.forward(tokens: tokens, cache: cache, logits: &logits, lastPositionOnly: true)
        }
        let done = DispatchTime.now().uptimeNanoseconds
        return DecodeBenchmarkResult(
            preset: preset.rawValue, batch: batch, promptTokens: prompt, newTokens: T - prompt,
            prefillSeconds: Double(prefilled - start) / 1e9,
            decodeTokensPerSecond: Double(batch * (T - prompt)) / (Double(done - prefilled) / 1e9),
            peakRSSMiB: ProcessMemory.peakResidentMiB())
    }
}
