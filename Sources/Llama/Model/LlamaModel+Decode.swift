import Tensors

extension LlamaModel {
    /// Incremental forward: runs `Tq` new tokens per batch row at positions `cache.length ..< cache.length + Tq`,
    /// attending to everything cached, appends their keys and values to `cache`, and writes their logits.
    ///
    /// The same layer calls as the training forward, with RoPE offset by the cache length and attention over the
    /// cached keys. Use a whole prompt for the first call (prefill), then one token per call. The step buffers grow to
    /// the longest chunk seen (attention scores are (B, H, Tq, S)), so prefilling a long prompt in chunks bounds
    /// memory.
    /// One-token calls (`Tq = 1`) take the decoding path, ``decodeAllRows(tokens:cache:logits:)``. Matmuls split
    /// their output columns across cores with single-threaded BLAS, so generation never wakes OpenBLAS's own
    /// threads (which would keep spinning, stealing a core from the decoding steps that follow).
    ///
    /// - Parameters:
    ///   - tokens: (B, Tq)
    ///   - logits: resized to (B, Tq, V) — or (B, V) with `lastPositionOnly` — and overwritten; reuse one array
    ///     across calls to avoid allocating
    ///   - lastPositionOnly: compute logits only for each row's last new position, all that sampling needs; this
    ///     skips the LM head for the rest of a prefilled prompt (a large saving when V is large)
    public func forward(
        tokens: [Int32], cache: LlamaKVCache, logits: inout [Float], lastPositionOnly: Bool = false
    ) {
        let (B, V) = (cache.B, config.vocabSize)
        precondition(tokens.count % B == 0 && !tokens.isEmpty, "Expected B·Tq tokens with B = \(B)")
        let Tq = tokens.count / B
        precondition(tokens.allSatisfy { $0 >= 0 && Int($0) < V }, "Token ids must lie in 0..<\(V)")
        if Tq == 1 {  // rows may sit at different positions here
            if logits.count != B * V { logits = [Float](repeating: 0, count: B * V) }
            logits.withUnsafeMutableBufferPointer { out in
                tokens.withUnsafeBufferPointer {
                    decodeAllRows(tokens: $0.baseAddress!, cache: cache, logits: out.baseAddress!)
                }
            }
            return
        }
        let past = cache.length, Tk = past + Tq, S = cache.capacity
        precondition(Tk <= S, "KV cache full: \(past) cached + \(Tq) new > capacity \(S)")
        let s = cache.scratch(Tq: Tq)
        let p = parameters
        let (C, F, L, eps) = (config.hiddenSize, config.intermediateSize, config.numHiddenLayers, config.rmsNormEps)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        let N = B * Tq, kvWidth = Hkv * D
        let (cos, sin) = (rope["cos"], rope["sin"])
        let (x, ln, rstd, q, k, v) = (s["x"], s["ln"], s["rstd"], s["q"], s["k"], s["v"])
        let (att, attOut, projection) = (s["att"], s["attOut"], s["projection"])
        let (gate, up, swiglu, out) = (s["gate"], s["up"], s["swiglu"], s["logits"])

        Embedding.forward(out: x, tokens: tokens, weight: p.embedTokens, B: B, T: Tq, C: C)
        for l in 0..<L {
            let w = p.layers[l]
            RMSNorm.forward(out: ln, rstd: rstd, inp: x, weight: w.inputNorm, B: B, T: Tq, C: C, eps: eps)
            Linear.forwardConcatenated(out: q, inp: ln, (w.q, H * D), N: N, I: C, runner: .cores)
            Linear.forwardConcatenated(out: k, inp: ln, (w.k, kvWidth), N: N, I: C, runner: .cores)
            Linear.forwardConcatenated(out: v, inp: ln, (w.v, kvWidth), N: N, I: C, runner: .cores)
            RoPE.forward(x: q, cos: cos, sin: sin, B: B, T: Tq, nh: H, D: D, positionOffset: past)
            RoPE.forward(x: k, cos: cos, sin: sin, B: B, T: Tq, nh: Hkv, D: D, positionOffset: past)
            let (keys, values) = (cache.keys(l), cache.values(l))
            for b in 0..<B {
                (keys + (b * S + past) * kvWidth).update(from: k + b * Tq * kvWidth, count: Tq * kvWidth)
                (values + (b * S + past) * kvWidth).update(from: v + b * Tq * kvWidth, count: Tq * kvWidth)
            }
            Attention.forward(out: attOut, att: att, q: q, k: keys, v: values,
                              B: B, Tq: Tq, Tk: Tk, S: S, H: H, Hkv: Hkv, D: D)
            Linear.forwardConcatenated(out: projection, inp: attOut, (w.o, C), N: N, I: H * D, runner: .cores)
            Residual.forward(out: x, a: x, b: projection, N: N * C)
            RMSNorm.forward(out: ln, rstd: rstd, inp: x, weight: w.postNorm, B: B, T: Tq, C: C, eps: eps)
            Linear.forwardConcatenated(out: gate, inp: ln, (w.gate, F), N: N, I: C, runner: .cores)
            Linear.forwardConcatenated(out: up, inp: ln, (w.up, F), N: N, I: C, runner: .cores)
            SwiGLU.forward(out: swiglu, gate: gate, up: up, N: N, F: F)
            Linear.forwardConcatenated(out: projection, inp: swiglu, (w.down, C), N: N, I: F, runner: .cores)
            Residual.forward(out: x, a: x, b: projection, N: N * C)
        }
        RMSNorm.forward(out: ln, rstd: rstd, inp: x, weight: p.norm, B: B, T: Tq, C: C, eps: eps)
        var headInput = ln, rows = N
        if lastPositionOnly && Tq > 1 {
            // Gather each row's last position (B, C) into the now-free projection buffer.
            for b in 0..<B { (projection + b * C).update(from: ln + (b * Tq + Tq - 1) * C, count: C) }
            (headInput, rows) = (projection, B)
        }
        Linear.forwardConcatenated(out: out, inp: headInput, (p.outputWeight, V), N: rows, I: C, runner: .cores)
        cache.setLength(Tk)
        if logits.count != rows * V { logits = [Float](repeating: 0, count: rows * V) }
        logits.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: out, count: rows * V) }
    }
}
