import Foundation

/// A Llama model in a GGUF file, seen as a Hugging Face model: its config, its weights under Hugging Face names
/// (``GGUFTensorStore``), and its tokenizer files (``GGUFTokenizerFiles``).
///
/// Opening parses and checks everything but dequantizes nothing; ``LlamaModel/init(gguf:)`` loads the weights,
/// ``convert(to:)`` writes a Hugging Face directory that transformers loads.
public struct GGUFModel: Sendable {
    public let file: GGUFFile
    public let config: LlamaConfig
    public let weights: GGUFTensorStore
    public let tokenizerFiles: GGUFTokenizerFiles

    /// Opens and validates the GGUF file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(file: try GGUFFile(contentsOf: url))
    }

    public init(file: GGUFFile) throws {
        self.file = file
        config = try LlamaConfig(gguf: file)
        weights = try GGUFTensorStore(file: file, config: config)
        try HFLlamaTensorNames.validate(weights, against: config, file: file.path)
        tokenizerFiles = try GGUFTokenizerFiles(gguf: file)
        guard config.vocabSize >= (file.metadata["tokenizer.ggml.tokens"]?.array?.count ?? 0) else {
            throw file.error(
                "llama.vocab_size",
                .inconsistent(reason: "vocab size \(config.vocabSize) is smaller than the tokenizer's token count"))
        }
    }

    /// The tokenizer, with BOS/EOS/PAD ids as the file names them.
    public func tokenizer() throws -> BPETokenizer {
        var tokenizer = try BPETokenizer(json: tokenizerFiles.tokenizerJSON, file: file.path + " (tokenizer.ggml.*)")
        if let bos = tokenizerFiles.bosTokenId { tokenizer.bosTokenId = bos }
        if let eos = tokenizerFiles.eosTokenId { tokenizer.eosTokenIds = [eos] }
        if let pad = tokenizerFiles.padTokenId { tokenizer.padTokenId = pad }
        return tokenizer
    }

    /// The file names ``convert(to:)`` writes besides config.json, the weights and tokenizer.json.
    public static let tokenizerConfigFileName = "tokenizer_config.json"
    public static let chatTemplateFileName = "chat_template.jinja"

    /// Writes a Hugging Face directory to `url`: model.safetensors (F32) and config.json
    /// (``LlamaModel/save(to:tokenizerJSON:maxShardBytes:)``), tokenizer.json, tokenizer_config.json and — when the file has a chat template — chat_template.jinja, the way
    /// transformers 5 saves a tokenizer (the template in its own file, not in tokenizer_config.json). Blocking.
    public func convert(to url: URL) throws {
        let model = try LlamaModel(gguf: self)
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        // Before save(), which writes config.json last: a directory with a config.json is complete.
        try tokenizerFiles.tokenizerConfigJSON(includingChatTemplate: false)
            .write(to: url.appendingPathComponent(Self.tokenizerConfigFileName), options: .atomic)
        let template = url.appendingPathComponent(Self.chatTemplateFileName)
        if let chatTemplate = tokenizerFiles.chatTemplate {
            try Data(chatTemplate.utf8).write(to: template, options: .atomic)
        } else if manager.fileExists(atPath: template.path) {
            try manager.removeItem(at: template)
        }
        try model.save(to: url, tokenizerJSON: tokenizerFiles.tokenizerJSON)
    }
}

extension LlamaModel {
    /// A model with the (dequantized) weights of a GGUF file.
    public convenience init(gguf: GGUFModel) throws {
        try self.init(config: gguf.config, weights: gguf.weights)
    }
}
