import Blobs
import Foundation
import Llama
import Messages

/// Turns a model into a policy announcement backed by blobs, and an announcement back into a model.
///
/// Weights travel as a safetensors file (Hugging Face tensor names) in the blob store; the announcement carries the
/// config inline and the tokenizer by reference. Loading verifies the weights' checksum before building the model,
/// so a generator never samples from a partial or corrupted policy.
public enum PolicyCodec {
    public static let format = "safetensors"

    /// Stores `model`'s weights and the tokenizer, and describes them as version `version`.
    public static func publish(
        _ model: LlamaModel, tokenizerJSON: [UInt8], version: Int, appliedUpdates: Int, store: any BlobStore
    ) async throws -> PolicyAnnouncement {
        let weights = try model.weightsWriter().serialized()
        let weightsID = try await store.put(weights)
        let tokenizerID = try await store.put(tokenizerJSON)
        return PolicyAnnouncement(
            version: version, checksum: weightsID.sha256, size: weights.count,
            weights: .blob(sha256: weightsID.sha256, size: weights.count), format: format,
            appliedUpdates: appliedUpdates, config: String(decoding: try model.config.jsonData(), as: UTF8.self),
            tokenizer: .blob(sha256: tokenizerID.sha256, size: tokenizerJSON.count))
    }

    /// Fetches and verifies the announced weights and tokenizer, then builds the model on `worker` (parsing and
    /// copying hundreds of MB is blocking work).
    public static func load(
        _ announcement: PolicyAnnouncement, store: any BlobStore, worker: BlockingWorker
    ) async throws -> LoadedPolicy {
        guard announcement.format == format else {
            throw PolicyError.unsupportedFormat(announcement.format, version: announcement.version)
        }
        let weights = try await fetch(announcement.weights, store: store)
        let tokenizerJSON = try await fetch(announcement.tokenizer, store: store)
        return try await worker.run { try build(announcement, weights: weights, tokenizerJSON: tokenizerJSON) }
    }

    static func build(_ announcement: PolicyAnnouncement, weights: [UInt8], tokenizerJSON: [UInt8]) throws -> LoadedPolicy {
        guard weights.count == announcement.size, SHA256.hex(weights) == announcement.checksum else {
            throw PolicyError.checksumMismatch(version: announcement.version)
        }
        let config = try JSONDecoder().decode(LlamaConfig.self, from: Data(announcement.config.utf8))
        let file = try SafeTensorsFile(bytes: weights, name: "policy v\(announcement.version)")
        try HFLlamaTensorNames.validate(file, against: config, file: file.url.path)
        let model = LlamaModel(config: config)
        for tensor in model.parameters.namedTensors() {
            try file.copyFloats(tensor.hfName, into: tensor.buffer)
        }
        var tokenizer = try BPETokenizer(json: Data(tokenizerJSON), file: "tokenizer of policy v\(announcement.version)")
        if let bos = config.bosTokenId { tokenizer.bosTokenId = bos }
        if !config.eosTokenIds.isEmpty { tokenizer.eosTokenIds = config.eosTokenIds }
        return LoadedPolicy(version: announcement.version, model: model, tokenizer: tokenizer, tokenizerJSON: tokenizerJSON)
    }

    static func fetch(_ payload: Payload, store: any BlobStore) async throws -> [UInt8] {
        switch payload {
        case .inline(let bytes): return bytes
        case .blob(let sha256, _): return try await store.get(try BlobID(sha256: sha256))
        }
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
