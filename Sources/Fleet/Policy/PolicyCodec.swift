import Blobs
import Blocking
import Foundation
import Llama
import Messages

/// Turns a policy into an announcement backed by blobs, and an announcement back into a policy.
///
/// Weights travel as safetensors files (Hugging Face tensor names) in the blob store; the announcement carries the
/// config inline and the tokenizer by reference. A plain policy (`safetensors`) announces all its weights. A LoRA
/// policy (`safetensors+lora`) announces the frozen base — the same blob every version — and the adapter: stages
/// keep the base they loaded (`PolicyBaseCache`) and fetch only the adapter per version; generators merge it,
/// trainers attach it. Loading verifies checksums before building the model, so no stage uses a partial or
/// corrupted policy.
public enum PolicyCodec {
    public static let format = "safetensors"
    public static let loraFormat = "safetensors+lora"

    /// Stores the policy's weights (for a LoRA policy: the base, unless `knownBase` says where it already is, and
    /// the adapter) and the tokenizer, and describes them as version `version`. Serialising runs on `worker`.
    public static func publish(
        _ policy: LoadedPolicy, version: Int, appliedUpdates: Int, store: any BlobStore, worker: BlockingWorker,
        knownBase: Payload? = nil
    ) async throws -> PolicyAnnouncement {
        let baseKnown = knownBase != nil
        let files = try await worker.run { try PolicyFiles(policy, baseKnown: baseKnown) }
        let tokenizerID = try await store.put(policy.tokenizerJSON)
        let weights: Payload
        if let bytes = files.weights {
            weights = try await blob(bytes, store)
        } else {
            weights = knownBase!
        }
        guard case .blob(let checksum, let size) = weights else { preconditionFailure("weights always go by reference") }
        var adapter: AdapterReference?
        if let adapterWeights = files.adapter, let adapterConfig = files.adapterConfig {
            adapter = AdapterReference(config: adapterConfig, weights: try await blob(adapterWeights, store), base: weights)
        }
        return PolicyAnnouncement(
            version: version, checksum: checksum, size: size, weights: weights,
            format: adapter == nil ? format : loraFormat, appliedUpdates: appliedUpdates, config: files.config,
            tokenizer: .blob(sha256: tokenizerID.sha256, size: policy.tokenizerJSON.count),
            tokenizerConfig: policy.tokenizerConfig.isEmpty ? nil : policy.tokenizerConfig.jsonText(), adapter: adapter)
    }

    /// Fetches and verifies what `announcement` names and builds the policy on `worker`.
    /// - Parameters:
    ///   - trainable: for a LoRA policy, keep the adapter attached to the frozen base (what trainers and the
    ///     coordinator need) instead of merging it (what generators sample from).
    ///   - baseCache: a LoRA policy's base is taken from here when it is the one cached, and kept here otherwise.
    public static func load(
        _ announcement: PolicyAnnouncement, store: any BlobStore, worker: BlockingWorker, trainable: Bool = false,
        baseCache: PolicyBaseCache? = nil
    ) async throws -> LoadedPolicy {
        let lora = announcement.format == loraFormat
        guard announcement.format == format || lora, !lora || announcement.adapter != nil else {
            throw PolicyError.unsupportedFormat(announcement.format, version: announcement.version)
        }
        let config = try check(announcement)
        let cached = lora ? baseCache?.floats(for: announcement.checksum, config: config) : nil
        let weights = cached == nil ? try await fetch(announcement.weights, store: store) : []
        let tokenizerJSON = try await fetch(announcement.tokenizer, store: store)
        let tokenizerConfig = try announcement.tokenizerConfig.map {
            try TokenizerConfig(json: Data($0.utf8), file: "tokenizer config of v\(announcement.version)")
        } ?? TokenizerConfig()
        var adapterParts: (config: String, weights: [UInt8])?
        if lora, let adapter = announcement.adapter {
            adapterParts = (adapter.config, try await fetch(adapter.weights, store: store))
        }
        let adapter = adapterParts
        // A blob store verifies content against its id on every read, so weights fetched by the announced checksum
        // need no second hash; inline weights do.
        let verifiedByStore = announcement.weights == .blob(sha256: announcement.checksum, size: announcement.size)
        return try await worker.run {
            let name = "policy v\(announcement.version)"
            let model: LlamaModel
            if let cached {
                // The cache holds floats of exactly this config's layout (checked by `floats(for:config:)`).
                model = LlamaModel(config: config)
                let arena = model.parameters.arena
                guard cached.count == arena.count else {
                    throw PolicyError.invalid(version: announcement.version, reason: "the cached base holds "
                        + "\(cached.count) floats but the config needs \(arena.count)")
                }
                cached.withUnsafeBufferPointer { arena.base.update(from: $0.baseAddress!, count: arena.count) }
            } else {
                guard weights.count == announcement.size, verifiedByStore || SHA256.hex(weights) == announcement.checksum
                else { throw PolicyError.checksumMismatch(version: announcement.version) }
                model = try PolicyFiles.model(config, weights: weights, name: name)
                if let (tensor, value) = model.parameters.arena.firstNonFinite() {
                    throw PolicyError.nonFinite(version: announcement.version, tensor: tensor, value: value)
                }
                if lora { baseCache?.keep(Array(model.parameters.arena.buffer), for: announcement.checksum, config: config) }
            }
            if let adapter {
                let attached = try PolicyFiles.adapter(
                    adapter.config, weights: adapter.weights, modelConfig: config, name: "\(name) adapter")
                if let (tensor, value) = attached.parameters.arena.firstNonFinite() {
                    throw PolicyError.nonFinite(version: announcement.version, tensor: tensor, value: value)
                }
                model.attach(attached)
                if !trainable { model.mergeAdapter() }
            }
            var tokenizer = try BPETokenizer(json: Data(tokenizerJSON), file: "tokenizer of \(name)")
            if let bos = config.bosTokenId { tokenizer.bosTokenId = bos }
            if !config.eosTokenIds.isEmpty { tokenizer.eosTokenIds = config.eosTokenIds }
            return LoadedPolicy(
                version: announcement.version, model: model, tokenizer: tokenizer, tokenizerJSON: tokenizerJSON,
                tokenizerConfig: tokenizerConfig)
        }
    }

    /// The announcement's config, after checking what must hold before anything is fetched or allocated: a
    /// non-negative version, a model whose size does not overflow and which its announced weights could hold.
    public static func check(_ announcement: PolicyAnnouncement) throws -> LlamaConfig {
        let version = announcement.version
        guard version >= 0 else { throw PolicyError.invalid(version: version, reason: "the version is negative") }
        let config: LlamaConfig
        do {
            config = try JSONDecoder().decode(LlamaConfig.self, from: Data(announcement.config.utf8))
        } catch {
            throw PolicyError.invalid(version: version, reason: "its config cannot be read: \(error)")
        }
        guard let parameters = PolicyFiles.parameterCount(config) else {
            throw PolicyError.invalid(version: version, reason: "its config describes a model too large to hold")
        }
        // Weights are F32 safetensors: 4 bytes a parameter plus a header.
        guard announcement.size >= 0, announcement.size <= 4 * parameters + (16 << 20) else {
            throw PolicyError.invalid(version: version, reason: "its weights are announced as \(announcement.size) "
                + "bytes, more than a model of \(parameters) parameters takes")
        }
        return config
    }

    static func fetch(_ payload: Payload, store: any BlobStore) async throws -> [UInt8] {
        switch payload {
        case .inline(let bytes): return bytes
        case .blob(let sha256, let size): return try await store.get(try BlobID(sha256: sha256), expectedSize: size)
        }
    }

    private static func blob(_ bytes: [UInt8], _ store: any BlobStore) async throws -> Payload {
        .blob(sha256: try await store.put(bytes).sha256, size: bytes.count)
    }
}

public enum PolicyError: Error, CustomStringConvertible, Equatable {
    case unsupportedFormat(String, version: Int)
    case checksumMismatch(version: Int)
    /// The announcement contradicts itself or describes what no policy can be.
    case invalid(version: Int, reason: String)
    /// Weights with a NaN or an infinity are never loaded.
    case nonFinite(version: Int, tensor: String, value: Float)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format, let version):
            return "policy v\(version) is in format '\(format)', which this worker cannot load; upgrade the worker"
        case .checksumMismatch(let version):
            return "policy v\(version)'s weights do not match their announced checksum and size; the blob store "
                + "holds other bytes under that id — check that every worker uses the same store"
        case .invalid(let version, let reason):
            return "policy v\(version) cannot be loaded: \(reason); was it announced by another program or run?"
        case .nonFinite(let version, let tensor, let value):
            return "policy v\(version) has \(value) in \(tensor); non-finite weights are never loaded"
        }
    }
}
