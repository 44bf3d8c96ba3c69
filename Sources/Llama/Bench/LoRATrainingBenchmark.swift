import Foundation
import Tensors

/// Times LoRA training steps on a model (a loaded checkpoint, say): an adapter of rank r on q, k, v, o attached,
/// random tokens of (B, T); a step is forward, backward (into the adapter's gradients only: the base is frozen and
/// gets no weight gradients), clipping and AdamW over the adapter's parameters. Median of `steps` after one warm-up.
/// The result is a `"lora"` line; its GFLOP/s count forward + the input-gradient half of backward
/// (2 × ``TrainingFLOPs/forwardPerToken(_:T:)``), since the frozen base's weight gradients are never computed.
/// Leaves the model as it found it (the adapter is detached). Blocking and CPU-bound.
public enum LoRATrainingBenchmark {
    public static func run(
        model: LlamaModel, label: String, batch B: Int = 8, seq T: Int = 256, rank: Int = 8, steps: Int = 3
    ) -> ModelBenchmarkResult {
        let config = model.config
        let peak = SgemmPeak.measure()
        let adapter = LoRAAdapter(config: LoRAConfig(rank: rank, alpha: Float(2 * rank)), modelConfig: config, seed: 1)
        model.attach(adapter)
        defer { model.detach() }
        let (median, loss) = TimedTrainingSteps.run(
            model: model, trained: (adapter.parameters.arena, adapter.gradients.arena), B: B, T: T, steps: steps)
        return ModelBenchmarkResult(
            bench: "lora", preset: label, batch: B, seq: T, parameters: adapter.parameters.arena.count, steps: steps,
            medianSeconds: median, tokensPerSecond: Double(B * T) / median,
            achievedGFLOPs: 2 * TrainingFLOPs.forwardPerToken(config, T: T) * Double(B * T) / median / 1e9,
            sgemmPeakGFLOPs: peak, peakRSSMiB: ProcessMemory.peakResidentMiB(), finalLoss: loss)
    }
}
