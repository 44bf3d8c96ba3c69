import Foundation

/// A policy version in memory: its model and tokenizer.
///
/// `@unchecked Sendable` because the model is a mutable class: a loaded policy is only used from one
/// `BlockingWorker` queue at a time (the stage that owns it), which is what makes handing it across tasks safe.
public final class LoadedPolicy: @unchecked Sendable {
    public let version: Int
    public let model: LlamaModel
    public let tokenizer: any Tokenizer
    /// The tokenizer.json bytes, to republish with new versions.
    public let tokenizerJSON: [UInt8]
    /// The named special tokens and the chat template (of `tokenizer_config.json`, `chat_template.jinja` or the
    /// GGUF file); empty when the model has none.
    public let tokenizerConfig: TokenizerConfig

    public init(
        version: Int, model: LlamaModel, tokenizer: any Tokenizer, tokenizerJSON: [UInt8],
        tokenizerConfig: TokenizerConfig = TokenizerConfig()
    ) {
        self.version = version
        self.model = model
        self.tokenizer = tokenizer
        self.tokenizerJSON = tokenizerJSON
        self.tokenizerConfig = tokenizerConfig
    }

    /// The policy at `path` — a Hugging Face model directory, a `.gguf` file or a PEFT adapter directory over one
    /// (merged into its base: ``isAdapterDirectory(_:)``) — as version `version`: the one
    /// way every command and service loads a policy from disk (blocking: call it off the cooperative pool).
    ///
    /// A regular file whose name ends in `.gguf` or that starts with the GGUF magic is read as GGUF
    /// (``GGUFModel``: weights dequantized to F32, the tokenizer built from its metadata); anything else must be a
    /// directory, whose tokenizer follows one rule (``HFModelDirectory/tokenizerAndJSON()``): `tokenizer.json`
    /// when the directory has one; without it the byte tokenizer, but only for a model whose config.json has the
    /// byte tokenizer's vocabulary (vocab_size 259, BOS 256, EOS 257); any other model without the file is refused
    /// with a `TokenizerError` that names the directory and says to copy the model's tokenizer.json in. A path that
    /// is neither is a ``LlamaConfigError`` saying so.
    public convenience init(path: URL, version: Int = 0) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
        if exists, !isDirectory.boolValue {
            guard path.pathExtension.lowercased() == "gguf" || GGUFFile.hasMagic(path) else {
                throw LlamaConfigError.invalid(
                    field: "model path",
                    reason: "\(path.path) is not a directory, nor a GGUF file (no .gguf extension, no GGUF magic); "
                        + "pass a Hugging Face model directory (config.json, model.safetensors, tokenizer.json) "
                        + "or a .gguf file")
            }
            let gguf = try GGUFModel(contentsOf: path)
            let files = gguf.tokenizerFiles
            let config = try TokenizerConfig(json: files.tokenizerConfigJSON(), file: "\(path.path) (tokenizer config)")
            self.init(
                version: version, model: try LlamaModel(gguf: gguf), tokenizer: try gguf.tokenizer(),
                tokenizerJSON: [UInt8](files.tokenizerJSON), tokenizerConfig: config)
            return
        }
        if exists, Self.isAdapterDirectory(path) {
            try self.init(adapterDirectory: path, version: version)
            return
        }
        let files = try HFModelDirectory(url: path)
        let (tokenizer, json) = try files.tokenizerAndJSON()
        self.init(
            version: version, model: try LlamaModel(directory: files), tokenizer: tokenizer,
            tokenizerJSON: [UInt8](json), tokenizerConfig: files.tokenizerConfig)
    }

    /// ``init(path:version:)`` under its older name: `directory` may also be a `.gguf` file.
    public convenience init(directory: URL, version: Int = 0) throws {
        try self.init(path: directory, version: version)
    }
}
