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
        let optimizer = AdamW(layout: model.parameters.arena.layout)
        var generator = SeededGenerator(seed: 2)
        let tokens = (0..<(B * T)).map { _ in Int32.random(in: 0..<Int32(config.vocabSize), using: &generator) }
        let targets = (0..<(B * T)).map { i in i % T == T - 1 ? -1 : tokens[i + 1] }
        var times: [Double] = []
        var loss: Float = 0
        for step in 0...steps {  // step 0 warms up (first-touch of activation and gradient memory)
            let start = DispatchTime.now().uptimeNanoseconds
            loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
            model.zeroGradients()
            model.backward()
            GradientClipping.clipByGlobalNorm(model.gradients.arena, maxNorm: 1)
            optimizer.step(parameters: model.parameters.arena, gradients: model.gradients.arena, learningRate: 1e-4)
            if step > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        }
        let median = times.sorted()[times.count / 2]
        return ModelBenchmarkResult(
            preset: preset.rawValue, batch: B, seq: T, parameters: model.parameters.arena.count, steps: steps,
            medianSeconds: median, tokensPerSecond: Double(B * T) / median,
            achievedGFLOPs: TrainingFLOPs.trainingStep(config, B: B, T: T) / median / 1e9,
            sgemmPeakGFLOPs: peak, peakRSSMiB: ProcessMemory.peakResidentMiB(), finalLoss: loss)
    }
}
