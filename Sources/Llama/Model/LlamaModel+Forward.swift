import Tensors

extension LlamaModel {
    /// Next-token logits for every position.
    ///
    /// - Parameter tokens: (B, T), row-major, each in 0..<V
    /// - Returns: logits (B, T, V)
    public func forward(tokens: [Int32], B: Int, T: Int) -> [Float] {
        let a = run(tokens: tokens, B: B, T: T)
        hasLoss = false
        hasHidden = false
        return Array(UnsafeBufferPointer(start: a.logits, count: B * T * config.vocabSize))
    }

    /// Per-position cross-entropy `−log p(target)`: the negated log-probabilities of the targets, 0 where the
    /// target is negative (ignored). Leaves the model ready for ``backward(lossWeights:)``.
    ///
    /// - Parameters:
    ///   - tokens: (B, T)
    ///   - targets: (B, T), the token that should follow each position (for causal LM training, `tokens` shifted
    ///     left by one with the last position −1), or negative to ignore the position
    /// - Returns: (B, T)
    public func tokenLosses(tokens: [Int32], targets: [Int32], B: Int, T: Int) -> [Float] {
        let a = lossForward(tokens: tokens, targets: targets, B: B, T: T)
        return Array(UnsafeBufferPointer(start: a.losses, count: B * T))
    }

    /// Mean cross-entropy over the positions whose target is not negative: Hugging Face's causal-LM loss when
    /// `targets` are the tokens shifted by one. Leaves the model ready for ``backward(lossWeights:)``.
    ///
    /// - Parameters:
    ///   - tokens: (B, T)
    ///   - targets: (B, T), negative = ignored
    public func loss(tokens: [Int32], targets: [Int32], B: Int, T: Int) -> Float {
        let a = lossForward(tokens: tokens, targets: targets, B: B, T: T)
        let (sum, count) = meanLossTerms(a)
        return count == 0 ? 0 : Float(sum / Double(count))
    }

    func lossForward(tokens: [Int32], targets: [Int32], B: Int, T: Int) -> LlamaActivations {
        precondition(targets.count == B * T, "Expected \(B * T) targets (B·T), got \(targets.count)")
        let a = run(tokens: tokens, B: B, T: T)
        a.targets = targets
        hasHidden = false
        CrossEntropy.forward(losses: a.losses, logits: a.logits, targets: a.targets, B: B, T: T, V: config.vocabSize)
        hasLoss = true
        return a
    }

    /// Σ of per-position losses (Double) and the number of positions with a target.
    func meanLossTerms(_ a: LlamaActivations) -> (sum: Double, count: Int) {
        var sum = 0.0, count = 0
        for i in 0..<(a.B * a.T) where a.targets[i] >= 0 {
            sum += Double(a.losses[i])
            count += 1
        }
        return (sum, count)
    }

    /// The forward pass: a flat list of layer calls. ``backward(lossWeights:)`` is this list reversed.
    ///
    /// - Parameter logits: false stops after the final norm (``LlamaActivations/lnf``), skipping the LM head — what a
    ///   reward model or a classifier reads.
    @discardableResult
    func run(tokens: [Int32], B: Int, T: Int, logits: Bool = true) -> LlamaActivations {
        precondition(tokens.count == B * T, "Expected \(B * T) tokens (B·T), got \(tokens.count)")
        let V = config.vocabSize
        precondition(tokens.allSatisfy { $0 >= 0 && Int($0) < V }, "Token ids must lie in 0..<\(V)")
        let a = activations(B: B, T: T)
        a.tokens = tokens
        let p = parameters
        let (C, F, L, eps) = (config.hiddenSize, config.intermediateSize, config.numHiddenLayers, config.rmsNormEps)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        let N = B * T
        let (cos, sin) = (rope["cos"], rope["sin"])
        let lora = loraPass(N: N)  // the attached LoRA adapter's low-rank terms; nil without one

        Embedding.forward(out: a.residual(0), tokens: a.tokens, weight: p.embedTokens, B: B, T: T, C: C)
        for l in 0..<L {
            let w = p.layers[l], x = a.layers[l]
            RMSNorm.forward(out: x.ln1, rstd: x.ln1Rstd, inp: a.residual(l), weight: w.inputNorm,
                            B: B, T: T, C: C, eps: eps)
            Linear.forward(out: x.q, inp: x.ln1, weight: w.q, N: N, I: C, O: H * D)
            lora?.forward(.q, l, out: x.q, inp: x.ln1)
            Linear.forward(out: x.k, inp: x.ln1, weight: w.k, N: N, I: C, O: Hkv * D)
            lora?.forward(.k, l, out: x.k, inp: x.ln1)
            Linear.forward(out: x.v, inp: x.ln1, weight: w.v, N: N, I: C, O: Hkv * D)
            lora?.forward(.v, l, out: x.v, inp: x.ln1)
            RoPE.forward(x: x.q, cos: cos, sin: sin, B: B, T: T, nh: H, D: D)
            RoPE.forward(x: x.k, cos: cos, sin: sin, B: B, T: T, nh: Hkv, D: D)
            Attention.forward(out: x.attOut, att: x.att, q: x.q, k: x.k, v: x.v,
                              B: B, Tq: T, Tk: T, S: T, H: H, Hkv: Hkv, D: D)
            Linear.forward(out: a.projection, inp: x.attOut, weight: w.o, N: N, I: H * D, O: C)
            lora?.forward(.o, l, out: a.projection, inp: x.attOut)
            Residual.forward(out: x.resMid, a: a.residual(l), b: a.projection, N: N * C)
            RMSNorm.forward(out: x.ln2, rstd: x.ln2Rstd, inp: x.resMid, weight: w.postNorm,
                            B: B, T: T, C: C, eps: eps)
            Linear.forward(out: x.gate, inp: x.ln2, weight: w.gate, N: N, I: C, O: F)
            lora?.forward(.gate, l, out: x.gate, inp: x.ln2)
            Linear.forward(out: x.up, inp: x.ln2, weight: w.up, N: N, I: C, O: F)
            lora?.forward(.up, l, out: x.up, inp: x.ln2)
            SwiGLU.forward(out: x.swiglu, gate: x.gate, up: x.up, N: N, F: F)
            Linear.forward(out: a.projection, inp: x.swiglu, weight: w.down, N: N, I: F, O: C)
            lora?.forward(.down, l, out: a.projection, inp: x.swiglu)
            Residual.forward(out: a.residual(l + 1), a: x.resMid, b: a.projection, N: N * C)
        }
        RMSNorm.forward(out: a.lnf, rstd: a.lnfRstd, inp: a.residual(L), weight: p.norm, B: B, T: T, C: C, eps: eps)
        if logits { Linear.forward(out: a.logits, inp: a.lnf, weight: p.outputWeight, N: N, I: C, O: V) }
        return a
    }
}
