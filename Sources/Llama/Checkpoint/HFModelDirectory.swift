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
