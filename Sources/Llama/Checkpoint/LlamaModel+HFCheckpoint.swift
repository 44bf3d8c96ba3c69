import Foundation
import Tensors

extension LlamaModel {
    /// A model with the weights of a Hugging Face Llama directory (F32, F16 or BF16; single file or shards).
    public convenience init(directory: HFModelDirectory) throws {
        try self.init(config: directory.config, weights: directory.weights)
    }

    /// A model of `config` with the weights of `store`, read by their Hugging Face names (a directory's
    /// safetensors, a GGUF file's ``GGUFTensorStore``, or memory); the caller has validated the store against the
    /// config (``HFLlamaTensorNames/validate(_:against:file:)``).
    public convenience init(config: LlamaConfig, weights store: any TensorStore) throws {
        self.init(config: config)
        for tensor in parameters.namedTensors() {
            try store.copyFloats(tensor.hfName, into: tensor.buffer)
        }
    }

    /// Opens, validates and loads the Hugging Face directory at `url`; also returns its tokenizer, chosen by
    /// ``HFModelDirectory/tokenizerAndJSON()``'s rule. Commands and services load a policy with
    /// `LoadedPolicy(directory:)` (Fleet), which follows the same rule and keeps the tokenizer.json bytes too.
    public static func load(from url: URL) throws -> (model: LlamaModel, tokenizer: any Tokenizer) {
        let directory = try HFModelDirectory(url: url)
        return (try LlamaModel(directory: directory), try directory.tokenizer())
    }

    /// The weights as a safetensors writer, with Hugging Face's tensor names.
    public func weightsWriter() throws -> SafeTensorsWriter {
        var writer = SafeTensorsWriter()
        for tensor in parameters.namedTensors() {
            try writer.add(tensor.hfName, shape: tensor.shape.dimensions, floats: UnsafeBufferPointer(tensor.buffer))
        }
        return writer
    }

    /// Writes a Hugging Face directory (config.json, model.safetensors, tokenizer.json) that transformers loads.
    public func save(to url: URL, tokenizerJSON: Data, maxShardBytes: Int? = nil) throws {
        try HFModelDirectory.write(
            to: url, config: config, weights: try weightsWriter(), tokenizerJSON: tokenizerJSON,
            maxShardBytes: maxShardBytes)
    }
}
