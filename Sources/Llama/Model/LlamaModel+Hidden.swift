import Tensors

extension LlamaModel {
    /// The final norm's output for every position — what the LM head reads, and what a reward model's or a
    /// classifier's head reads at the last token (Hugging Face's `hidden_states[-1]` after `model.norm`). Skips the LM
    /// head. Leaves the model ready for ``backward(hiddenGradients:)``.
    ///
    /// Causal attention makes right padding harmless: position t sees only positions ≤ t, so a sequence padded on
    /// the right has the same hidden state at its last real token as unpadded.
    ///
    /// - Parameter tokens: (B, T), each in 0..<V
    /// - Returns: hidden states (B, T, C)
    public func hiddenStates(tokens: [Int32], B: Int, T: Int) -> [Float] {
        let a = run(tokens: tokens, B: B, T: T, logits: false)
        hasLoss = false
        hasHidden = true
        return Array(UnsafeBufferPointer(start: a.lnf, count: B * T * config.hiddenSize))
    }

    /// Accumulates into ``gradients`` (or the attached adapter's) the gradient of a scalar whose gradient with
    /// respect to the last ``hiddenStates(tokens:B:T:)`` is `hiddenGradients`.
    ///
    /// - Parameter hiddenGradients: (B, T, C), d(scalar)/d(hidden state)
    public func backward(hiddenGradients: [Float]) {
        precondition(hasHidden, "backward(hiddenGradients:) needs a preceding hiddenStates(…) on the same model")
        let a = activations!
        let count = a.B * a.T * config.hiddenSize
        precondition(hiddenGradients.count == count, "Expected \(count) hidden gradients (B·T·C), got \(hiddenGradients.count)")
        let d = activationGradients ?? LlamaActivationGradients(config: config, B: a.B, T: a.T)
        activationGradients = d
        d.ln.update(from: hiddenGradients, count: count)
        backwardBody(a, d)
    }
}
