import Foundation

/// A Hugging Face model directory: `config.json`, weights (`model.safetensors`, or shards with
/// `model.safetensors.index.json`) and `tokenizer.json`.
///
/// Loading validates the weights against the config (every tensor present with the right shape). Writing
/// produces a directory `transformers` and this type can both load.
public struct HFModelDirectory: Sendable {
    public static let configFileName = "config.json"
    public static let tokenizerFileName = "tokenizer.json"

    public let url: URL
    public let config: LlamaConfig
    public let weights: SafeTensorsCheckpoint
    /// The bytes of `tokenizer.json`, kept so the directory can be re-written unchanged; `nil` if absent.
    public let tokenizerJSON: Data?

    /// Opens and validates the directory at `url`.
    public init(url: URL) throws {
        self.url = url
        let configURL = url.appendingPathComponent(Self.configFileName)
        do {
            config = try LlamaConfig(contentsOf: configURL)
        } catch let error as LlamaConfigError {
            throw error
        } catch {
            throw LlamaConfigError.invalid(field: configURL.path, reason: "cannot be read as a Llama config (\(error))")
        }
        weights = try SafeTensorsCheckpoint(directory: url)
        try HFLlamaTensorNames.validate(weights, against: config, file: url.path)
        tokenizerJSON = try? Data(contentsOf: url.appendingPathComponent(Self.tokenizerFileName))
    }

    /// The tokenizer of this model: `tokenizer.json` with BOS/EOS ids from `config.json` when it names them,
    /// or ``ByteTokenizer`` when the directory has no `tokenizer.json`.
    public func tokenizer() throws -> any Tokenizer {
        guard let tokenizerJSON else { return ByteTokenizer() }
        var tokenizer = try BPETokenizer(
            json: tokenizerJSON, file: url.appendingPathComponent(Self.tokenizerFileName).path)
        if let bos = config.bosTokenId { tokenizer.bosTokenId = bos }
        if !config.eosTokenIds.isEmpty { tokenizer.eosTokenIds = config.eosTokenIds }
        return tokenizer
    }

    /// Writes `config.json`, `model.safetensors` and `tokenizer.json` into `url` (created if needed).
    ///
    /// The config is written last, so a directory with a `config.json` has its weights and tokenizer complete;
    /// each file is replaced atomically. A stale shard index from an earlier sharded checkpoint is removed.
    /// - tokenizerJSON: the bytes of `tokenizer.json` (e.g. ``tokenizerJSON`` of a loaded directory, or
    ///   ``ByteTokenizer/tokenizerJSON()``).
    public static func write(
        to url: URL, config: LlamaConfig, weights: SafeTensorsWriter, tokenizerJSON: Data
    ) throws {
        try config.validate()
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        try weights.write(to: url.appendingPathComponent(SafeTensorsCheckpoint.singleFileName))
        let index = url.appendingPathComponent(SafeTensorsCheckpoint.indexFileName)
        if manager.fileExists(atPath: index.path) { try manager.removeItem(at: index) }
        try tokenizerJSON.write(to: url.appendingPathComponent(tokenizerFileName), options: .atomic)
        try config.jsonData().write(to: url.appendingPathComponent(configFileName), options: .atomic)
    }
}
