import Foundation

/// Saving and loading an adapter alone, as PEFT's `save_pretrained` / `PeftModel.from_pretrained` do: a directory
/// with `adapter_config.json` and `adapter_model.safetensors` (F32, PEFT's tensor names).
extension LoRAAdapter {
    public static let configFileName = "adapter_config.json"
    public static let weightsFileName = "adapter_model.safetensors"

    /// Writes `url/adapter_config.json` and `url/adapter_model.safetensors` (the directory is created if needed;
    /// each file is replaced atomically, the weights first, so a config always has its weights).
    /// - baseModelNameOrPath: written as `base_model_name_or_path` (PEFT uses it to find the base model).
    public func save(to url: URL, baseModelNameOrPath: String? = nil) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var writer = SafeTensorsWriter()
        for tensor in parameters.namedTensors() {
            try writer.add(tensor.name, shape: tensor.shape.dimensions, floats: UnsafeBufferPointer(tensor.buffer))
        }
        try writer.write(to: url.appendingPathComponent(Self.weightsFileName))
        try config.peftJSON(baseModelNameOrPath: baseModelNameOrPath)
            .write(to: url.appendingPathComponent(Self.configFileName), options: .atomic)
    }

    /// Loads the PEFT LoRA adapter directory at `url` for a base model with `modelConfig`.
    ///
    /// Checks that the weights hold exactly the tensors the config implies — every layer's `lora_A` (r, in) and
    /// `lora_B` (out, r) of every target, with shapes matching `modelConfig` — in any float dtype.
    /// - Throws: ``LoRAAdapterError`` naming the file, field or tensor at fault; ``SafeTensorsError`` for a damaged
    ///   weights file.
    public convenience init(directory url: URL, modelConfig: LlamaConfig) throws {
        let configURL = url.appendingPathComponent(Self.configFileName)
        let weightsURL = url.appendingPathComponent(Self.weightsFileName)
        for file in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: file.path) {
            throw LoRAAdapterError(file: file.path, problem: .missingFile)
        }
        let config = try LoRAConfig(peftJSON: try Data(contentsOf: configURL), file: configURL.path)
        let weights = try SafeTensorsFile(contentsOf: weightsURL)
        self.init(config: config, modelConfig: modelConfig)
        func fail(_ problem: LoRAAdapterError.Problem) -> LoRAAdapterError {
            LoRAAdapterError(file: weightsURL.path, problem: problem)
        }
        let expected = Set(parameters.namedTensors().map(\.name))
        if let extra = weights.tensorNames.first(where: { !expected.contains($0) }) {
            throw fail(.unexpectedTensor(extra))
        }
        for tensor in parameters.namedTensors() {
            guard weights.contains(tensor.name) else { throw fail(.missingTensor(tensor.name)) }
            let info = try weights.info(tensor.name)
            guard info.shape == tensor.shape.dimensions else {
                throw fail(.wrongShape(tensor: tensor.name, actual: info.shape, expected: tensor.shape.dimensions))
            }
            try weights.copyFloats(tensor.name, into: tensor.buffer)
        }
    }
}
