/// The tensors of a Llama GGUF file under their Hugging Face names, dequantized to `Float` on demand and with
/// q_proj/k_proj rows put back in Hugging Face's order, so ``LlamaModel`` loads it exactly as it loads a
/// directory.
///
/// Opening checks every tensor of the file has a Hugging Face name and a supported type: a tensor the engine
/// would silently ignore (`rope_freqs`, biases, …) is an error, not a model that computes something else.
/// ``info(_:)`` reports dtype F32 — the form ``copyFloats(_:into:)`` produces — and the row-major shape.
public struct GGUFTensorStore: TensorStore {
    public let file: GGUFFile
    public let tensorNames: [String]
    /// Hugging Face name → (GGUF info, row order).
    private let sources: [String: (info: GGUFTensorInfo, rows: GGUFLlamaTensorNames.Rows)]

    public init(file: GGUFFile, config: LlamaConfig) throws(GGUFError) {
        self.file = file
        var sources: [String: (GGUFTensorInfo, GGUFLlamaTensorNames.Rows)] = [:]
        for info in file.tensors {
            guard let (hf, rows) = GGUFLlamaTensorNames.hfName(info.name, config: config) else {
                throw file.error(
                    info.name,
                    .unsupported(
                        what: "tensor", value: "'\(info.name)'",
                        hint: "a plain Llama GGUF holds token_embd, output_norm, output and blk.N.{attn_norm, attn_q, "
                            + "attn_k, attn_v, attn_output, ffn_norm, ffn_gate, ffn_up, ffn_down} weights only"))
            }
            _ = try file.supportedType(info)
            if case .ropePermuted(let heads) = rows {
                let rowCount = info.shape.first ?? 0
                guard info.dimensions.count == 2, rowCount % heads == 0, (rowCount / heads) % 2 == 0 else {
                    throw file.error(
                        info.name,
                        .inconsistent(reason: "shape \(info.shape) is not (\(heads) heads × even head dim, cols)"))
                }
            }
            sources[hf] = (info, rows)
        }
        self.sources = sources
        tensorNames = sources.keys.sorted()
    }

    public func info(_ name: String) throws -> SafeTensorInfo {
        let source = try source(name)
        let count = source.info.elementCount
        return SafeTensorInfo(name: name, dtype: .f32, shape: source.info.shape, dataRange: 0..<(4 * count))
    }

    /// - destination: (elementCount,) row-major in Hugging Face's shape and row order.
    public func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let source = try source(name)
        switch source.rows {
        case .asStored:
            try file.copyFloats(source.info.name, into: destination)
        case .ropePermuted(let heads):
            let stored = try file.floats(source.info.name)
            guard destination.count == stored.count else {
                throw file.error(name, .destinationSize(expected: stored.count, actual: destination.count))
            }
            stored.withUnsafeBufferPointer { stored in
                GGUFRoPEPermutation.unpermute(
                    hf: destination, gguf: stored, heads: heads, cols: source.info.dimensions.first ?? 1)
            }
        }
    }

    public func ints(_ name: String) throws -> [Int] {
        let source = try source(name)
        throw file.error(name, .inconsistent(reason: "tensor '\(source.info.name)' is a float tensor, not integers"))
    }

    private func source(_ name: String) throws(GGUFError) -> (info: GGUFTensorInfo, rows: GGUFLlamaTensorNames.Rows) {
        guard let source = sources[name] else { throw file.error(name, .tensorNotFound) }
        return source
    }
}
