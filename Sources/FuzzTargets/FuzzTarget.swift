import ChatTemplates
import Fleet
import Foundation
import Llama
import Messages
import Tensors

/// One reader of outside bytes, as a function of one input: what the libFuzzer executable `tao-fuzz` runs, and what
/// its replay mode runs on a corpus. An input must be decoded (and then hold what the reader's checks promise) or
/// refused with an error; a crash, a failed precondition or a hang is a bug. Fuzz/README.md says how to run them.
public struct FuzzTarget: Sendable {
    public let name: String
    /// Seed inputs: valid records made here, and fixtures of the repository (paths relative to its root).
    let seedRecords: @Sendable () throws -> [[UInt8]]
    let seedFiles: [String]
    let body: @Sendable ([UInt8]) throws -> Void

    init(
        name: String, seeds: [String] = [], records: @escaping @Sendable () throws -> [[UInt8]] = { [] },
        body: @escaping @Sendable ([UInt8]) throws -> Void
    ) {
        (self.name, seedFiles, seedRecords, self.body) = (name, seeds, records, body)
    }

    /// The seed corpus, from the repository at `root`.
    public func seeds(root: URL) throws -> [[UInt8]] {
        try seedRecords() + seedFiles.map { [UInt8](try Data(contentsOf: root.appendingPathComponent($0))) }
    }

    /// Runs one input: errors are the reader refusing it (fine); anything else stops the process.
    public func run(_ bytes: [UInt8]) {
        do { try body(bytes) } catch { _ = "\(error)" }
    }

    /// Runs one input and throws the reader's refusal, if any.
    public func read(_ bytes: [UInt8]) throws { try body(bytes) }

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// Gradients of this model travel in update payloads and blobs.
    static let gradientLayout = LlamaParameters.layout(for: LlamaConfig(
        vocabSize: 259, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 2,
        numKeyValueHeads: 1, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257))

    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "prompt", records: { try [WireCodec.encode(Seeds.prompt), WireCodec.encode(Seeds.chatPrompt)] }) { bytes in
            let prompt = try WireCodec.decode(PromptMessage.self, from: bytes, acceptMissingSchema: true)
            if let messages = prompt.messages {
                _ = try ChatMessages.checked(messages.map { ChatMessage(role: $0.role, content: $0.content) })
            }
        },
        FuzzTarget(name: "candidates", records: { [try WireCodec.encode(Seeds.candidates)] }) { bytes in
            let message = try WireCodec.decode(CandidatesMessage.self, from: bytes)
            try message.check()
            for sample in message.samples {
                precondition(sample.tokens.count == sample.rolloutLogProbs.count && sample.rolloutLogProbs.allSatisfy(\.isFinite))
            }
        },
        FuzzTarget(name: "rollout", records: { [try WireCodec.encode(Seeds.rollout)] }) { bytes in
            let message = try WireCodec.decode(RolloutMessage.self, from: bytes)
            try message.check()
            precondition(message.scores.count == message.candidates.samples.count)
            precondition(message.scores.allSatisfy { (0...1).contains($0.total) })
        },
        FuzzTarget(name: "update", records: { [try WireCodec.encode(try Seeds.update())] }) { bytes in
            let update = try WireCodec.decode(UpdateMessage.self, from: bytes)
            try update.check(kind: .fullGradients, newestCommitted: 1 << 20, maxPayloadBytes: 1 << 20)
            if case .inline(let payload) = update.payload {
                try GradientCodec.decode(payload, into: TensorArena(layout: gradientLayout), name: "update")
            }
        },
        FuzzTarget(name: "policy", records: { [try WireCodec.encode(try Seeds.announcement())] }) { bytes in
            let announcement = try WireCodec.decode(PolicyAnnouncement.self, from: bytes)
            _ = try PolicyCodec.check(announcement)
        },
        FuzzTarget(name: "records", records: { try Seeds.records() }) { bytes in
            // Dead letters, promotions and nights: refused only when it is none of them.
            if (try? WireCodec.decode(DeadLetterMessage.self, from: bytes)) != nil { return }
            if (try? WireCodec.decode(PromotionRecord.self, from: bytes)) != nil { return }
            _ = try WireCodec.decode(NightRecord.self, from: bytes)
        },
        FuzzTarget(name: "gradients", records: { [try Seeds.gradients()] }) { bytes in
            try GradientCodec.decode(bytes, into: TensorArena(layout: gradientLayout), name: "gradients")
        },
        FuzzTarget(
            name: "safetensors",
            seeds: ["Tests/LlamaTests/Fixtures/tokenizer/dtypes.safetensors", "Tests/LlamaTests/Fixtures/tiny-llama/model.safetensors"]
        ) { bytes in
            let file = try SafeTensorsFile(bytes: bytes, name: "input.safetensors")
            for name in file.tensorNames {
                let info = try file.info(name)
                let count = info.dataRange.count / info.dtype.byteSize
                guard count <= 1 << 22 else { continue }
                if info.dtype.isFloatingPoint {
                    var floats = [Float](repeating: 0, count: count)
                    try floats.withUnsafeMutableBufferPointer { try file.copyFloats(name, into: $0) }
                } else {
                    _ = try file.ints(name)
                }
            }
        },
        FuzzTarget(name: "gguf", seeds: ["Tests/LlamaTests/Fixtures/gguf/tiny-llama.gguf"]) { bytes in
            let model = try GGUFModel(file: try GGUFFile(bytes: bytes, name: "input.gguf"))
            let tokenizer = try model.tokenizer()
            _ = tokenizer.decodeBytes(tokenizer.encode("Hello, world! 123"), skipSpecialTokens: false)
            // Loading dequantizes every tensor: only for a model of fixture size.
            let bytes = model.file.tensors.reduce(0) { total, tensor in min(total + min(tensor.byteCount ?? 1 << 40, 1 << 40), 1 << 50) }
            if bytes <= 64 << 20 {
                _ = try LlamaModel(gguf: model)
            }
        },
        FuzzTarget(
            name: "tokenizer-json",
            seeds: ["Tests/LlamaTests/Fixtures/tiny-llama/tokenizer.json", "Tests/LlamaTests/Fixtures/tokenizer/llama3-style.tokenizer.json"]
        ) { bytes in
            let tokenizer = try BPETokenizer(json: Data(bytes), file: "input tokenizer.json")
            let ids = tokenizer.encode("Hello, world! <|endoftext|> 123 héllo 😀\n\n")
            _ = tokenizer.decodeBytes(ids + [Int.max, -1], skipSpecialTokens: false)
        },
        FuzzTarget(name: "config-json", seeds: ["Tests/LlamaTests/Fixtures/tiny-llama/config.json"]) { bytes in
            _ = try JSONDecoder().decode(LlamaConfig.self, from: Data(bytes))
        },
    ]
}
