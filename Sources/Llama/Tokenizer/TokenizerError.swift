/// A `tokenizer.json` this library cannot load.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A component of a kind that is not implemented, e.g. `model` `WordPiece` or `pre_tokenizer` `Metaspace`.
    case unsupported(component: String, kind: String)
    /// The file is not valid JSON or contradicts itself (`reason` says where).
    case invalid(file: String, reason: String)
    /// A model directory has no `tokenizer.json` and its vocabulary (`vocabSize` ids) is not the byte tokenizer's,
    /// so no tokenizer can stand in for the file.
    case missingTokenizerFile(directory: String, vocabSize: Int)
    /// A `tokenizer_config.json` (or `chat_template.jinja`) that cannot be read (`reason` says why).
    case invalidConfig(file: String, reason: String)

    public var description: String {
        switch self {
        case .unsupported(let component, let kind):
            "tokenizer.json: \(component) \"\(kind)\" is not supported; only byte-level BPE tokenizers "
                + "(GPT-2 / Llama-3 family: BPE model, ByteLevel/Split pre-tokenizers, ByteLevel decoder, "
                + "no normalizer) can be loaded"
        case .invalid(let file, let reason): "\(file): invalid tokenizer.json: \(reason)"
        case .invalidConfig(let file, let reason):
            "\(file): \(reason); fix or remove the file (it names special tokens and the chat template)"
        case .missingTokenizerFile(let directory, let vocabSize):
            "\(directory) has no tokenizer.json, and its config.json's vocabulary (vocab_size \(vocabSize)) is not the "
                + "byte-level tokenizer's (vocab_size \(ByteTokenizer().vocabSize), BOS 256, EOS 257): copy the "
                + "model's tokenizer.json into \(directory) (from the Hugging Face repository it came from)"
        }
    }
}
