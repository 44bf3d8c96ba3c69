import Tensors

extension LlamaModel {
    /// Attaches `adapter`, replacing any other: from now on ``forward(tokens:B:T:)``, ``loss(tokens:targets:B:T:)``,
    /// ``tokenLosses(tokens:targets:B:T:)`` compute the adapted model, and ``backward(lossWeights:)`` accumulates
    /// into `adapter.gradients` only — the base weights are frozen and ``gradients`` is left untouched (not even
    /// computed). ``zeroGradients()`` zeroes the adapter's gradients.
    ///
    /// The KV-cache forward used for generation does not apply adapters: generate from merged weights
    /// (``mergeAdapter()`` or ``mergedCopy()``).
    public func attach(_ adapter: LoRAAdapter) {
        precondition(adapter.modelConfig == config, "The adapter was built for a different base model config")
        self.adapter = adapter
        loraActivations = nil
        hasLoss = false
    }

    /// Detaches and returns the adapter, if any: the model computes the base model again.
    @discardableResult
    public func detach() -> LoRAAdapter? {
        defer {
            adapter = nil
            loraActivations = nil
            hasLoss = false
        }
        return adapter
    }

    /// Merges the attached adapter into the weights in place (`W += scaling · B A` for every target) and detaches
    /// it: the model then computes the adapted model with plain weights, on every path including generation.
    public func mergeAdapter() {
        guard let adapter = detach() else { preconditionFailure("mergeAdapter() needs an attached adapter") }
        adapter.merge(into: parameters)
    }

    /// A new model whose weights are this one's with the attached adapter merged (or a plain copy when none is
    /// attached); this model is unchanged. Save it with ``save(to:tokenizerJSON:maxShardBytes:)``.
    public func mergedCopy() -> LlamaModel {
        let copy = LlamaModel(config: config)
        copy.parameters.arena.copy(from: parameters.arena)
        adapter?.merge(into: copy.parameters)
        return copy
    }

    /// The attached adapter's side of a pass over N = B·T rows, with buffers reused while N stays the same;
    /// `nil` without an adapter.
    func loraPass(N: Int) -> LoRAPass? {
        guard let adapter else { return nil }
        if loraActivations?.N != N || loraActivations?.adapter !== adapter {
            loraActivations = LoRAActivations(adapter: adapter, N: N)
        }
        return LoRAPass(adapter: adapter, activations: loraActivations!)
    }
}
