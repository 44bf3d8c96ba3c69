import Tensors

extension LlamaModel {
    /// One new token for each of M cache rows, each at its own position (that row's cached length), so rows of
    /// different prompts decode in one batch. Appends each row's key and value and advances its length.
    ///
    /// The layer calls of the chunked ``forward(tokens:cache:logits:lastPositionOnly:)`` specialised to one query
    /// per row: q, k, v come from one fused matmul, gate and up from another (the weights lie back to back in the
    /// parameter arena), attention is two small products per row and key/value head, and every buffer is `scratch`'s.
    /// With a parallel `runner`, each matmul's output columns (so its weights) and the attention's rows are split
    /// across cores: every weight is read from memory once per step, for all M rows. With `.serial` it runs on the
    /// calling thread (BLAS's own threading aside), so callers decoding disjoint rows of one cache may run
    /// concurrently, each with its own `scratch`. With `weights`, every matmul multiplies by those half-precision
    /// copies instead of the arena's Float32 weights (``DecodePrecision``); everything else is unchanged.
    ///
    /// - tokens: (M) the token each row appends
    /// - rows: (M) the cache row each token extends; distinct
    /// - logits: (M, V), written: row m's next-token logits
    func decodeStep(
        tokens: UnsafePointer<Int32>, rows: UnsafePointer<Int>, M: Int, cache: LlamaKVCache, scratch s: DecodeScratch,
        logits: UnsafeMutablePointer<Float>, runner: PhaseRunner = .serial, weights: DecodeWeights? = nil
    ) {
        precondition(M <= s.rows && cache.capacity <= s.capacity, "decode scratch too small for \(M) rows")
        let p = parameters
        let (C, F, L, V, eps) = (config.hiddenSize, config.intermediateSize, config.numHiddenLayers,
                                 config.vocabSize, config.rmsNormEps)
        let (H, Hkv, D, S) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim, cache.capacity)
        let (qWidth, kvWidth) = (H * D, Hkv * D)
        let qkvWidth = qWidth + 2 * kvWidth
        let (cos, sin) = (rope["cos"], rope["sin"])
        for m in 0..<M {
            precondition(cache.rowLengths[rows[m]] < S, "KV cache row \(rows[m]) is full (capacity \(S))")
            precondition(tokens[m] >= 0 && Int(tokens[m]) < V, "Token ids must lie in 0..<\(V)")
        }

        Embedding.forward(out: s.x, tokens: tokens, weight: p.embedTokens, B: 1, T: M, C: C)
        for l in 0..<L {
            let w = p.layers[l]
            let (keys, values) = (cache.keys(l), cache.values(l))
            RMSNorm.forward(out: s.ln, rstd: s.rstd, inp: s.x, weight: w.inputNorm, B: 1, T: M, C: C, eps: eps)
            let half = weights?.layers[l]
            if let half {
                Linear.forwardHalf(out: s.qkv, inp: s.ln, weight: half.qkv, N: M, runner: runner)
            } else {
                Linear.forwardConcatenated(out: s.qkv, inp: s.ln, (w.q, qWidth), (w.k, kvWidth), (w.v, kvWidth),
                                           N: M, I: C, runner: runner)
            }
            runner.forRanges(count: M) { chunk, worker in
                for m in chunk {
                    let row = rows[m], position = cache.rowLengths[row]
                    let qkv = s.qkv + m * qkvWidth
                    // q's H heads and k's Hkv heads are adjacent in the row: one rotation covers both.
                    RoPE.forward(x: qkv, cos: cos, sin: sin, B: 1, T: 1, nh: H + Hkv, D: D, positionOffset: position)
                    let (rowKeys, rowValues) = (keys + row * S * kvWidth, values + row * S * kvWidth)
                    (rowKeys + position * kvWidth).update(from: qkv + qWidth, count: kvWidth)
                    (rowValues + position * kvWidth).update(from: qkv + qWidth + kvWidth, count: kvWidth)
                    Attention.decode(out: s.attOut + m * qWidth, scores: s.scores + worker * s.capacity * (H / Hkv),
                                     q: qkv, k: rowKeys, v: rowValues, Tk: position + 1, H: H, Hkv: Hkv, D: D)
                }
            }
            if let half {
                Linear.forwardHalf(out: s.projection, inp: s.attOut, weight: half.o, N: M, runner: runner)
            } else {
                Linear.forwardConcatenated(out: s.projection, inp: s.attOut, (w.o, C), N: M, I: qWidth, runner: runner)
            }
            Residual.forward(out: s.x, a: s.x, b: s.projection, N: M * C)
            RMSNorm.forward(out: s.ln, rstd: s.rstd, inp: s.x, weight: w.postNorm, B: 1, T: M, C: C, eps: eps)
            if let half {
                Linear.forwardHalf(out: s.gateUp, inp: s.ln, weight: half.gateUp, N: M, runner: runner)
            } else {
                Linear.forwardConcatenated(out: s.gateUp, inp: s.ln, (w.gate, F), (w.up, F), N: M, I: C,
                                           runner: runner)
            }
            runner.forRanges(count: M) { chunk, _ in
                for m in chunk {
                    let gateUp = s.gateUp + m * 2 * F
                    SwiGLU.forward(out: s.swiglu + m * F, gate: gateUp, up: gateUp + F, N: 1, F: F)
                }
            }
            if let half {
                Linear.forwardHalf(out: s.projection, inp: s.swiglu, weight: half.down, N: M, runner: runner)
            } else {
                Linear.forwardConcatenated(out: s.projection, inp: s.swiglu, (w.down, C), N: M, I: F, runner: runner)
            }
            Residual.forward(out: s.x, a: s.x, b: s.projection, N: M * C)
        }
        RMSNorm.forward(out: s.ln, rstd: s.rstd, inp: s.x, weight: p.norm, B: 1, T: M, C: C, eps: eps)
        if let weights {
            Linear.forwardHalf(out: logits, inp: s.ln, weight: weights.output, N: M, runner: runner)
        } else {
            Linear.forwardConcatenated(out: logits, inp: s.ln, (p.outputWeight, V), N: M, I: C, runner: runner)
        }
        for m in 0..<M { cache.rowLengths[rows[m]] += 1 }
    }

    /// ``decodeStep(tokens:rows:M:cache:scratch:logits:)`` for every row of `cache`, the rows split across cores
    /// (one contiguous share per worker, each with single-threaded BLAS and its own scratch), which beats
    /// multi-threading each small matmul: workers never wait for each other within the step.
    ///
    /// - tokens: (B)
    /// - logits: (B, V), written
    func decodeAllRows(tokens: UnsafePointer<Int32>, cache: LlamaKVCache, logits: UnsafeMutablePointer<Float>) {
        let scratches = cache.decodeScratches, share = scratches[0].rows, V = config.vocabSize
        let rows = Array(0..<cache.B)
        rows.withUnsafeBufferPointer { rows in
            let rowIds = rows.baseAddress!
            Parallel.forChunks(count: (cache.B + share - 1) / share) { _, workers in
                for worker in workers {
                    let first = worker * share, M = min(share, cache.B - first)
                    decodeStep(tokens: tokens + first, rows: rowIds + first, M: M, cache: cache,
                               scratch: scratches[worker], logits: logits + first * V)
                }
            }
        }
    }
}
