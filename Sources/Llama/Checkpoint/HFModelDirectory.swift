import Foundation

/// A Hugging Face model directory: `config.json`, weights (`model.safetensors`, or shards with
/// `model.safetensors.index.json`) and `tokenizer.json` (optional for a byte-level model, see ``tokenizerAndJSON()``).
///
/// Loading validates the weights against the config (every tensor present with the right shape). Writing
/// produces a directory `transformers` and this type can both load.
public struct HFModelDirectory: Sendable {
    public static let configFileName = "config.json"
    public static let tokenizerFileName = "tokenizer.json"
    public static let tokenizerConfigFileName = "tokenizer_config.json"

    public let url: URL
    public let config: LlamaConfig
    public let weights: SafeTensorsCheckpoint
    /// The bytes of `tokenizer.json`, kept so the directory can be re-written unchanged; `nil` if absent.
    public let tokenizerJSON: Data?
    /// `tokenizer_config.json` and `chat_template.jinja` (empty when absent).
    public let tokenizerConfig: TokenizerConfig

    /// Opens and validates the directory at `url`.
    public init(url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LlamaConfigError.invalid(
                field: "model directory",
                reason: "\(url.path) is not a directory; pass a Hugging Face model directory "
                    + "(config.json, model.safetensors or shards, tokenizer.json), or a .gguf file where a model path is taken")
        }
        self.url = url
        let configURL = url.appendingPathComponent(Self.configFileName)
        do {
            config = try LlamaConfig(contentsOf: configURL)
        } catch let error as LlamaConfigError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw LlamaConfigError.invalid(field: key.stringValue, reason: "missing from \(configURL.path)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw LlamaConfigError.invalid(field: field, reason: "wrong type in \(configURL.path)")
        } catch {
            throw LlamaConfigError.invalid(field: "file", reason: "cannot read \(configURL.path) as JSON (\(error))")
        }
        weights = try SafeTensorsCheckpoint(directory: url)
        try HFLlamaTensorNames.validate(weights, against: config, file: url.path)
        tokenizerJSON = try? Data(contentsOf: url.appendingPathComponent(Self.tokenizerFileName))
        tokenizerConfig = try TokenizerConfig(directory: url)
    }

    /// The tokenizer of this model (see ``tokenizerAndJSON()`` for the rule).
    public func tokenizer() throws -> any Tokenizer { try tokenizerAndJSON().tokenizer }

    /// The tokenizer of this model and the `tokenizer.json` bytes that describe it (to republish with new versions).
    ///
    /// The one rule every loader follows:
    /// - with `tokenizer.json`: that file, with BOS/EOS ids from `config.json` when it names them; its
    ///   post-processor alone says which special tokens a text gets (``SpecialTokenRule``);
    /// - without it: ``ByteTokenizer`` (and its ``ByteTokenizer/tokenizerJSON()``), but only when `config.json`'s
    ///   vocabulary is the byte tokenizer's (``LlamaConfig/hasByteVocabulary``) — a model of any other vocabulary
    ///   would read byte ids as its own tokens and produce garbage, so that is
    ///   ``TokenizerError/missingTokenizerFile(directory:vocabSize:)`` instead, which says to copy the file in.
    public func tokenizerAndJSON() throws -> (tokenizer: any Tokenizer, json: Data) {
        guard let tokenizerJSON else {
            guard config.hasByteVocabulary else {
                throw TokenizerError.missingTokenizerFile(directory: url.path, vocabSize: config.vocabSize)
            }
            let bytes = ByteTokenizer()
            return (bytes, try bytes.tokenizerJSON())
        }
        var tokenizer = try BPETokenizer(
            json: tokenizerJSON, file: url.appendingPathComponent(Self.tokenizerFileName).path)
        if let bos = config.bosTokenId { tokenizer.bosTokenId = bos }
        if !config.eosTokenIds.isEmpty { tokenizer.eosTokenIds = config.eosTokenIds }
        return (tokenizer, tokenizerJSON)
    }

    /// Writes `config.json`, the weights and `tokenizer.json` into `url` (created if needed).
    ///
    /// Weights go to one `model.safetensors`, or — when `maxShardBytes` is given and the data exceeds it — to
    /// shards plus `model.safetensors.index.json`; weight files of the other layout left by an earlier write are
    /// removed. The config is written last, so a directory with a `config.json` has its weights and tokenizer
    /// complete; each file is replaced atomically.
    /// - tokenizerJSON: the bytes of `tokenizer.json` (e.g. ``tokenizerJSON`` of a loaded directory, or
    ///   ``ByteTokenizer/tokenizerJSON()``).
    public static func write(
        to url: URL, config: LlamaConfig, weights: SafeTensorsWriter, tokenizerJSON: Data, maxShardBytes: Int? = nil
    ) throws {
        try config.validate()
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        let stale = try manager.contentsOfDirectory(atPath: url.path).filter {
            $0 == SafeTensorsCheckpoint.singleFileName || $0 == SafeTensorsCheckpoint.indexFileName
                || ($0.hasPrefix("model-") && $0.hasSuffix(".safetensors"))
        }
        var written: Set<String>
        if let maxShardBytes, weights.dataByteCount > maxShardBytes {
            written = Set(try weights.writeShards(to: url, maxShardBytes: maxShardBytes))
            written.insert(SafeTensorsCheckpoint.indexFileName)
        } else {
            try weights.write(to: url.appendingPathComponent(SafeTensorsCheckpoint.singleFileName))
            written = [SafeTensorsCheckpoint.singleFileName]
        }
        for name in stale where !written.contains(name) {
            try manager.removeItem(at: url.appendingPathComponent(name))
        }
        try tokenizerJSON.write(to: url.appendingPathComponent(tokenizerFileName), options: .atomic)
        try config.jsonData().write(to: url.appendingPathComponent(configFileName), options: .atomic)
    }
}
