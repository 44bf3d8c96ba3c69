import Blocking
import Llama

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
}
