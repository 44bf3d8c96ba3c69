import Blobs
import Foundation
import Llama
import Messages

/// Turns a policy into an announcement backed by blobs, and an announcement back into a policy.
///
/// Weights travel as safetensors files (Hugging Face tensor names) in the blob store; the announcement carries the
/// config inline and the tokenizer by reference. A LoRA policy also carries its adapter and frozen base apart, for
/// trainers; `weights` is always the merged model, for generators. Loading verifies the weights' checksum before
/// building the model, so no stage ever uses a partial or corrupted policy.
public enum PolicyCodec {
    public static let format = "safetensors"

    /// Stores the policy's weights (and adapter and base, if it has an adapter) and the tokenizer, and describes
    /// them as version `version`. Serialising runs on `worker`.
    public static func publish(
        _ policy: LoadedPolicy, version: Int, appliedUpdates: Int, store: any BlobStore, worker: BlockingWorker
    ) async throws -> PolicyAnnouncement {
        let files = try await worker.run { try PolicyFiles(policy) }
        let weightsID = try await store.put(files.merged)
        let tokenizerID = try await store.put(policy.tokenizerJSON)
        var adapter: AdapterReference?
        if let adapterWeights = files.adapter, let base = files.base, let adapterConfig = files.adapterConfig {
            adapter = AdapterReference(
                config: adapterConfig, weights: try await blob(adapterWeights, store), base: try await blob(base, store))
        }
        return PolicyAnnouncement(
            version: version, checksum: weightsID.sha256, size: files.merged.count,
            weights: .blob(sha256: weightsID.sha256, size: files.merged.count), format: format,
            appliedUpdates: appliedUpdates, config: files.config,
            tokenizer: .blob(sha256: tokenizerID.sha256, size: policy.tokenizerJSON.count), adapter: adapter)
    }

    /// Fetches and verifies what `announcement` names and builds the policy on `worker`.
    /// - Parameter trainable: for a LoRA policy, build the frozen base with the adapter attached (what trainers and
    ///   the coordinator need) instead of the merged model (what generators sample from).
    public static func load(
        _ announcement: PolicyAnnouncement, store: any BlobStore, worker: BlockingWorker, trainable: Bool = false
    ) async throws -> LoadedPolicy {
        guard announcement.format == format else {
            throw PolicyError.unsupportedFormat(announcement.format, version: announcement.version)
        }
        let merged = try await fetch(announcement.weights, store: store)
        let tokenizerJSON = try await fetch(announcement.tokenizer, store: store)
        var parts: (config: String, weights: [UInt8], base: [UInt8])?
        if trainable, let adapter = announcement.adapter {
            parts = (adapter.config, try await fetch(adapter.weights, store: store), try await fetch(adapter.base, store: store))
        }
        let adapterParts = parts
        // A blob store verifies content against its id on every read, so weights fetched by the announced checksum
        // need no second hash; inline weights do.
        let verifiedByStore = announcement.weights == .blob(sha256: announcement.checksum, size: announcement.size)
        return try await worker.run {
            guard merged.count == announcement.size, verifiedByStore || SHA256.hex(merged) == announcement.checksum else {
                throw PolicyError.checksumMismatch(version: announcement.version)
            }
            let config = try JSONDecoder().decode(LlamaConfig.self, from: Data(announcement.config.utf8))
            let name = "policy v\(announcement.version)"
            let model: LlamaModel
            if let adapterParts {
                model = try PolicyFiles.model(config, weights: adapterParts.base, name: "\(name) base")
                model.attach(try PolicyFiles.adapter(
                    adapterParts.config, weights: adapterParts.weights, modelConfig: config, name: "\(name) adapter"))
            } else {
                model = try PolicyFiles.model(config, weights: merged, name: name)
            }
            var tokenizer = try BPETokenizer(json: Data(tokenizerJSON), file: "tokenizer of \(name)")
            if let bos = config.bosTokenId { tokenizer.bosTokenId = bos }
            if !config.eosTokenIds.isEmpty { tokenizer.eosTokenIds = config.eosTokenIds }
            return LoadedPolicy(version: announcement.version, model: model, tokenizer: tokenizer, tokenizerJSON: tokenizerJSON)
        }
    }

    static func fetch(_ payload: Payload, store: any BlobStore) async throws -> [UInt8] {
        switch payload {
        case .inline(let bytes): return bytes
        case .blob(let sha256, _): return try await store.get(try BlobID(sha256: sha256))
        }
    }

    private static func blob(_ bytes: [UInt8], _ store: any BlobStore) async throws -> Payload {
        .blob(sha256: try await store.put(bytes).sha256, size: bytes.count)
    }
}

public enum PolicyError: Error, CustomStringConvertible, Equatable {
    case unsupportedFormat(String, version: Int)
    case checksumMismatch(version: Int)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format, let version):
            return "policy v\(version) is in format '\(format)', which this worker cannot load; upgrade the worker"
        case .checksumMismatch(let version):
            return "policy v\(version)'s weights do not match their announced checksum and size; the blob store "
                + "holds other bytes under that id — check that every worker uses the same store"
        }
    }
}
