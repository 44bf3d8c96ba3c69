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

    public init(version: Int, model: LlamaModel, tokenizer: any Tokenizer, tokenizerJSON: [UInt8]) {
        self.version = version
        self.model = model
        self.tokenizer = tokenizer
        self.tokenizerJSON = tokenizerJSON
    }

    /// The policy in a Hugging Face model directory (config.json, model.safetensors or shards, tokenizer.json), as
    /// version `version`: the one way every command and service loads a policy from disk (blocking: call it off the
    /// cooperative pool).
    ///
    /// The tokenizer follows one rule (``HFModelDirectory/tokenizerAndJSON()``): `tokenizer.json` when the directory
    /// has one; without it the byte tokenizer, but only for a model whose config.json has the byte tokenizer's
    /// vocabulary (vocab_size 259, BOS 256, EOS 257); any other model without the file is refused with a
    /// `TokenizerError` that names the directory and says to copy the model's tokenizer.json in.
    public convenience init(directory: URL, version: Int = 0) throws {
        let files = try HFModelDirectory(url: directory)
        let (tokenizer, json) = try files.tokenizerAndJSON()
        self.init(version: version, model: try LlamaModel(directory: files), tokenizer: tokenizer, tokenizerJSON: [UInt8](json))
    }
}
