import Llama
import Tensors

/// A rank-4 LoRA adapter on every target, as after training: B drawn from N(0, bStd²) instead of PEFT's zeros, so the
/// adapter changes the model and B's path carries gradient.
enum TrainedAdapter {
    static func make(for config: LlamaConfig, seed: UInt64, bSeed: UInt64, bStd: Float) -> LoRAAdapter {
        let adapter = LoRAAdapter(
            config: LoRAConfig(rank: 4, alpha: 8, targets: LoRATarget.allCases), modelConfig: config, seed: seed)
        var generator = SeededGenerator(seed: bSeed)
        for tensor in adapter.parameters.namedTensors() where tensor.name.contains("lora_B") {
            generator.fillNormal(tensor.buffer, std: bStd)
        }
        return adapter
    }
}
