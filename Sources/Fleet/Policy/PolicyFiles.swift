import Foundation
import Llama

/// The files a policy version is published as, serialised in memory: the model's weights — for a LoRA policy the
/// frozen base, unless the caller already published it — and for a LoRA policy the adapter (PEFT names) and its
/// config.
struct PolicyFiles {
    var config: String
    /// Every weight of a plain policy; the base of a LoRA policy; nil when the base is already in the store.
    var weights: [UInt8]?
    var adapter: [UInt8]?
    var adapterConfig: String?

    init(_ policy: LoadedPolicy, baseKnown: Bool) throws {
        let model = policy.model
        config = String(decoding: try model.config.jsonData(), as: UTF8.self)
        weights = model.adapter != nil && baseKnown ? nil : try model.weightsWriter().serialized()
        guard let attached = model.adapter else { return }
        var writer = SafeTensorsWriter()
        for tensor in attached.parameters.namedTensors() {
            try writer.add(tensor.name, shape: tensor.shape.dimensions, floats: UnsafeBufferPointer(tensor.buffer))
        }
        adapter = try writer.serialized()
        adapterConfig = String(decoding: try attached.config.peftJSON(), as: UTF8.self)
    }

    /// The parameter count of a model of `config`, or nil when it overflows or exceeds 2³³ (32 GiB of F32): checked
    /// before a model of a config from the wire is allocated.
    static func parameterCount(_ config: LlamaConfig) -> Int? {
        let (V, C, F, L) = (
            Double(config.vocabSize), Double(config.hiddenSize), Double(config.intermediateSize),
            Double(config.numHiddenLayers))
        let kv = Double(config.numKeyValueHeads) * Double(config.headDim)
        // q, o: C×C; k, v: C×kv; gate, up, down: C×F; two norms: C. In Double, so no product can overflow.
        let layer = C * (2 * C + 2 * kv) + 3 * C * F + 2 * C
        let total = V * C * (config.tieWordEmbeddings ? 1 : 2) + L * layer + C
        return total <= Double(1 << 33) ? Int(total) : nil
    }

    /// A model with `weights` (a safetensors file with Hugging Face names), checked against `config`.
    static func model(_ config: LlamaConfig, weights: [UInt8], name: String) throws -> LlamaModel {
        let file = try SafeTensorsFile(bytes: weights, name: name)
        try HFLlamaTensorNames.validate(file, against: config, file: name)
        let model = LlamaModel(config: config)
        for tensor in model.parameters.namedTensors() {
            try file.copyFloats(tensor.hfName, into: tensor.buffer)
        }
        return model
    }

    /// A LoRA adapter from PEFT's config JSON and adapter safetensors.
    static func adapter(_ configJSON: String, weights: [UInt8], modelConfig: LlamaConfig, name: String) throws -> LoRAAdapter {
        let config = try LoRAConfig(peftJSON: Data(configJSON.utf8), file: name)
        let file = try SafeTensorsFile(bytes: weights, name: name)
        let adapter = LoRAAdapter(config: config, modelConfig: modelConfig)
        for tensor in adapter.parameters.namedTensors() {
            try file.copyFloats(tensor.name, into: tensor.buffer)
        }
        return adapter
    }
}
