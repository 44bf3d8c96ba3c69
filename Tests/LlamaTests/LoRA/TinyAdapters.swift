import Tensors
@testable import Llama

/// Small adapters for the tiny models of ``TinyModels``.
enum TinyAdapters {
    static let everyTarget = LoRAConfig(rank: 3, alpha: 6, targets: LoRATarget.allCases)

    /// An adapter with PEFT's initialisation (B = 0), or — with `bStd` — B drawn from N(0, bStd²) too, so that
    /// B's path and A's gradient are exercised.
    static func adapter(
        for model: LlamaModel, config: LoRAConfig = everyTarget, seed: UInt64 = 11, bStd: Float? = 0.3
    ) -> LoRAAdapter {
        let adapter = LoRAAdapter(config: config, modelConfig: model.config, seed: seed)
        if let bStd {
            var generator = SeededGenerator(seed: seed + 1)
            for tensor in adapter.parameters.namedTensors() where tensor.name.contains("lora_B") {
                generator.fillNormal(tensor.buffer, std: bStd)
            }
        }
        return adapter
    }

    /// max |a − b| / max |b|
    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? error : error / scale
    }
}
