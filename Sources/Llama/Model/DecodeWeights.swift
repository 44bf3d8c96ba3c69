import Tensors

/// Half-precision copies of every matrix a decoding step multiplies by, packed for ``HalfGEMM``: per layer q·k·v as
/// one (H·D + 2·Hkv·D, C) matrix and gate·up as one (2·F, C), as ``Linear/forwardConcatenated(out:inp:_:_:_:N:I:runner:)``
/// multiplies them, o and down; and the LM head (the embedding when tied). The embedding lookup, norms and the
/// prefill keep reading the Float32 arena.
///
/// A copy is only as fresh as its last ``refresh(from:)``: ``CompletionGenerator`` refreshes it at the start of every
/// `generate` call (about 4% of a 16 × 64 sampling call's CPU time on SmolLM2-135M), so weights written in between — an
/// optimiser step, a merged adapter, a policy loaded into the same arena — can never be decoded stale.
final class DecodeWeights {
    struct Layer {
        /// (H·D + 2·Hkv·D, C)
        let qkv: HalfMatrix
        /// (C, H·D)
        let o: HalfMatrix
        /// (2·F, C)
        let gateUp: HalfMatrix
        /// (C, F)
        let down: HalfMatrix
    }

    let format: HalfFormat
    /// (L)
    let layers: [Layer]
    /// (V, C)
    let output: HalfMatrix

    init(config: LlamaConfig, format: HalfFormat) {
        let (C, F, V) = (config.hiddenSize, config.intermediateSize, config.vocabSize)
        let (qWidth, kvWidth) = (config.numAttentionHeads * config.headDim, config.numKeyValueHeads * config.headDim)
        func matrix(_ O: Int, _ I: Int) -> HalfMatrix { HalfMatrix(format: format, outFeatures: O, inFeatures: I) }
        self.format = format
        layers = (0..<config.numHiddenLayers).map { _ in
            Layer(qkv: matrix(qWidth + 2 * kvWidth, C), o: matrix(C, qWidth), gateUp: matrix(2 * F, C),
                  down: matrix(C, F))
        }
        output = matrix(V, C)
    }

    /// Bytes of all copies.
    var byteCount: Int {
        layers.reduce(output.byteCount) { $0 + $1.qkv.byteCount + $1.o.byteCount + $1.gateUp.byteCount + $1.down.byteCount }
    }

    /// Rounds every weight of `p` into its copy again, the panels of each matrix split across cores.
    func refresh(from p: LlamaParameters) {
        let config = p.config, C = config.hiddenSize
        let (qWidth, kvWidth) = (config.numAttentionHeads * config.headDim, config.numKeyValueHeads * config.headDim)
        var pairs: [(HalfMatrix, UnsafeMutablePointer<Float>)] = [(output, p.outputWeight)]
        for (w, copy) in zip(p.layers, layers) {
            // The arena layout puts q, k, v and gate, up back to back, so each group packs as one matrix.
            precondition(w.k == w.q + qWidth * C && w.v == w.k + kvWidth * C && w.up == w.gate + config.intermediateSize * C,
                         "q, k, v and gate, up must lie back to back in the parameter arena")
            pairs += [(copy.qkv, w.q), (copy.o, w.o), (copy.gateUp, w.gate), (copy.down, w.down)]
        }
        for (matrix, source) in pairs {
            Parallel.forChunks(count: matrix.panels) { _, panels in matrix.pack(from: source, panels: panels) }
        }
    }
}
