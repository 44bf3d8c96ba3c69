/// A `tokenizer.json` this library cannot load.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A component of a kind that is not implemented, e.g. `model` `WordPiece` or `pre_tokenizer` `Metaspace`.
    case unsupported(component: String, kind: String)
    /// The file is not valid JSON or contradicts itself (`reason` says where).
    case invalid(file: String, reason: String)

    public var description: String {
        switch self {
        case .unsupported(let component, let kind):
            "tokenizer.json: \(component) \"\(kind)\" is not supported; only byte-level BPE tokenizers "
                + "(GPT-2 / Llama-3 family: BPE model, ByteLevel/Split pre-tokenizers, ByteLevel decoder, "
                + "no normalizer) can be loaded"
        case .invalid(let file, let reason): "\(file): invalid tokenizer.json: \(reason)"
        }
    }
}
