import Foundation
import Tensors

/// One line of `tao bench model` output.
public struct ModelBenchmarkResult: Codable, Sendable {
    public var bench = "model"
    public var preset: String
    public var batch: Int
    public var seq: Int
    public var parameters: Int
    public var steps: Int
    /// Median wall time of a training step: forward, backward, clipping and AdamW.
    public var medianSeconds: Double
    public var tokensPerSecond: Double
    /// ``TrainingFLOPs/trainingStep(_:B:T:)`` divided by the median step time.
    public var achievedGFLOPs: Double
    /// Best square sgemm throughput measured in the same process, the ceiling to compare against.
    public var sgemmPeakGFLOPs: Double
    public var peakRSSMiB: Double
    public var finalLoss: Float

    enum CodingKeys: String, CodingKey {
        case bench, preset, batch, seq, parameters, steps
        case medianSeconds = "median_seconds"
        case tokensPerSecond = "tokens_per_second"
        case achievedGFLOPs = "achieved_gflops"
        case sgemmPeakGFLOPs = "sgemm_peak_gflops"
        case peakRSSMiB = "peak_rss_mib"
        case finalLoss = "final_loss"
    }

    /// The result as one JSON line (keys sorted, no spaces).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Times training steps of a randomly initialised model on random tokens. Blocking and CPU-bound: call it from a
/// plain thread (a synchronous command), not from the cooperative thread pool.
public enum ModelBenchmark {
    public static func run(preset: BenchmarkPreset, batch: Int = 8, steps: Int = 3) -> ModelBenchmarkResult {
        let config = preset.config
        let (B, T) = (batch, preset.sequenceLength)
        let peak = SgemmPeak.measure()
        let model = LlamaModel(config: config, seed: 1)
        let (median, loss) = TimedTrainingSteps.run(
            model: model, trained: (model.parameters.arena, model.gradients.arena), B: B, T: T, steps: steps)
        return ModelBenchmarkResult(
            preset: preset.rawValue, batch: B, seq: T, parameters: model.parameters.arena.count, steps: steps,
            medianSeconds: median, tokensPerSecond: Double(B * T) / median,
            achievedGFLOPs: TrainingFLOPs.trainingStep(config, B: B, T: T) / median / 1e9,
            sgemmPeakGFLOPs: peak, peakRSSMiB: ProcessMemory.peakResidentMiB(), finalLoss: loss)
    }
}
