import Tensors

extension LlamaModel {
    /// Accumulates into ``gradients`` the gradient of `Σ_(b,t) lossWeights[b, t] · losses[b, t]` for the last
    /// ``loss(tokens:targets:B:T:)`` or ``tokenLosses(tokens:targets:B:T:)`` call — or, with a LoRA adapter
    /// attached, into the adapter's gradients only (the base is frozen).
    ///
    /// - Parameter lossWeights: (B, T), or `nil` for the mean over positions with a target (the gradient of
    ///   ``loss(tokens:targets:B:T:)``). Per-position weights give policy-gradient losses.
    public func backward(lossWeights: [Float]? = nil) {
        precondition(hasLoss, "backward() needs a preceding loss(…) or tokenLosses(…) on the same model")
        let a = activations!
        let (B, T) = (a.B, a.T)
        let d = activationGradients ?? LlamaActivationGradients(config: config, B: B, T: T)
        activationGradients = d
        if let lossWeights {
            precondition(lossWeights.count == B * T, "Expected \(B * T) loss weights (B·T), got \(lossWeights.count)")
            d.losses.update(from: lossWeights, count: B * T)
        } else {
            let count = meanLossTerms(a).count
            for i in 0..<(B * T) { d.losses[i] = a.targets[i] >= 0 && count > 0 ? 1 / Float(count) : 0 }
        }
        backward(a, d)
    }

    /// The forward list of ``run(tokens:B:T:)``, reversed. Every backward accumulates (`+=`), so each activation
    /// gradient is zeroed just before the layer that fills it; `d.residual` carries the residual stream's gradient
    /// from layer to layer (the residual connections' backward is that identity).
    ///
    /// With a LoRA adapter attached the base is frozen: `g` is `nil`, so base weight gradients are neither computed
    /// nor stored (norm-weight gradients, computed alongside the input's, go to a scratch sink), and each adapted
    /// projection's `lora?.backward` adds the adapter's gradients and its share of the input gradient.
    func backward(_ a: LlamaActivations, _ d: LlamaActivationGradients) {
        let g: LlamaParameters? = adapter == nil ? gradients : nil
        let (N, C, V) = (a.B * a.T, config.hiddenSize, config.vocabSize)
        func zero(_ buffer: UnsafeMutablePointer<Float>, _ count: Int) { buffer.update(repeating: 0, count: count) }

        zero(d.logits, N * V)
        zero(d.ln, N * C)
        CrossEntropy.backward(dlogits: d.logits, dlosses: d.losses, logits: a.logits, targets: a.targets,
                              B: a.B, T: a.T, V: V)
        Linear.backward(dinp: d.ln, dweight: g?.outputWeight, dout: d.logits, inp: a.lnf, weight: parameters.outputWeight,
                        N: N, I: C, O: V)
        backwardBody(a, d)
    }

    /// The backward pass below the LM head: from `d.ln`, the gradient of the final norm's output (B, T, C), down to
    /// the embeddings. ``backward(_:_:)`` fills `d.ln` from the logits; ``backward(hiddenGradients:)`` is given it.
    func backwardBody(_ a: LlamaActivations, _ d: LlamaActivationGradients) {
        let p = parameters
        let g: LlamaParameters? = adapter == nil ? gradients : nil
        let lora = loraPass(N: a.B * a.T)
        let (B, T) = (a.B, a.T)
        let (C, F, L) = (config.hiddenSize, config.intermediateSize, config.numHiddenLayers)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        let N = B * T
        let (cos, sin) = (rope["cos"], rope["sin"])
        func zero(_ buffer: UnsafeMutablePointer<Float>, _ count: Int) { buffer.update(repeating: 0, count: count) }

        zero(d.residual, N * C)
        RMSNorm.backward(dinp: d.residual, dweight: g?.norm ?? d.frozenNorm, dout: d.ln, inp: a.residual(L),
                         weight: p.norm, rstd: a.lnfRstd, B: B, T: T, C: C)
        for l in (0..<L).reversed() {
            let w = p.layers[l], gw = g?.layers[l], x = a.layers[l]
            // MLP: residual(l+1) = resMid + down(swiglu); d.residual already holds d(resMid)'s identity part.
            zero(d.swiglu, N * F)
            zero(d.gate, N * F)
            zero(d.up, N * F)
            zero(d.ln, N * C)
            Linear.backward(dinp: d.swiglu, dweight: gw?.down, dout: d.residual, inp: x.swiglu, weight: w.down,
                            N: N, I: F, O: C)
            lora?.backward(.down, l, dinp: d.swiglu, dout: d.residual, inp: x.swiglu)
            SwiGLU.backward(dgate: d.gate, dup: d.up, dout: d.swiglu, gate: x.gate, up: x.up, N: N, F: F)
            Linear.backward(dinp: d.ln, dweight: gw?.up, dout: d.up, inp: x.ln2, weight: w.up, N: N, I: C, O: F)
            lora?.backward(.up, l, dinp: d.ln, dout: d.up, inp: x.ln2)
            Linear.backward(dinp: d.ln, dweight: gw?.gate, dout: d.gate, inp: x.ln2, weight: w.gate, N: N, I: C, O: F)
            lora?.backward(.gate, l, dinp: d.ln, dout: d.gate, inp: x.ln2)
            RMSNorm.backward(dinp: d.residual, dweight: gw?.postNorm ?? d.frozenNorm, dout: d.ln, inp: x.resMid,
                             weight: w.postNorm, rstd: x.ln2Rstd, B: B, T: T, C: C)
            // Attention: resMid = residual(l) + o_proj(attOut).
            zero(d.attOut, N * H * D)
            zero(d.q, N * H * D)
            zero(d.k, N * Hkv * D)
            zero(d.v, N * Hkv * D)
            zero(d.ln, N * C)
            Linear.backward(dinp: d.attOut, dweight: gw?.o, dout: d.residual, inp: x.attOut, weight: w.o,
                            N: N, I: H * D, O: C)
            lora?.backward(.o, l, dinp: d.attOut, dout: d.residual, inp: x.attOut)
            Attention.backward(dq: d.q, dk: d.k, dv: d.v, scratch: d.scores, dout: d.attOut, att: x.att,
                               q: x.q, k: x.k, v: x.v, B: B, Tq: T, Tk: T, S: T, H: H, Hkv: Hkv, D: D)
            RoPE.backward(dx: d.k, cos: cos, sin: sin, B: B, T: T, nh: Hkv, D: D)
            RoPE.backward(dx: d.q, cos: cos, sin: sin, B: B, T: T, nh: H, D: D)
            Linear.backward(dinp: d.ln, dweight: gw?.v, dout: d.v, inp: x.ln1, weight: w.v, N: N, I: C, O: Hkv * D)
            lora?.backward(.v, l, dinp: d.ln, dout: d.v, inp: x.ln1)
            Linear.backward(dinp: d.ln, dweight: gw?.k, dout: d.k, inp: x.ln1, weight: w.k, N: N, I: C, O: Hkv * D)
            lora?.backward(.k, l, dinp: d.ln, dout: d.k, inp: x.ln1)
            Linear.backward(dinp: d.ln, dweight: gw?.q, dout: d.q, inp: x.ln1, weight: w.q, N: N, I: C, O: H * D)
            lora?.backward(.q, l, dinp: d.ln, dout: d.q, inp: x.ln1)
            RMSNorm.backward(dinp: d.residual, dweight: gw?.inputNorm ?? d.frozenNorm, dout: d.ln,
                             inp: a.residual(l), weight: w.inputNorm, rstd: x.ln1Rstd, B: B, T: T, C: C)
        }
        if let g { Embedding.backward(dweight: g.embedTokens, dout: d.residual, tokens: a.tokens, B: B, T: T, C: C) }
    }
}
