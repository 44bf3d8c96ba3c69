import Tensors

/// What an attached adapter's forward pass keeps for its backward pass, for one row count N = B·T. Allocated once
/// per (adapter, N) and reused.
final class LoRAActivations {
    let adapter: LoRAAdapter
    let N: Int
    let arena: TensorArena
    /// `h = x Aᵀ` of every adapted projection (L, K, N, r), K = number of targets, in the adapter's target order
    private let h: UnsafeMutablePointer<Float>
    /// d(h) for whichever projection is being back-propagated (N, r)
    let dh: UnsafeMutablePointer<Float>
    /// target index (PEFT module order) → its slot among the adapter's K targets
    private let slots: [Int?]

    init(adapter: LoRAAdapter, N: Int) {
        let (L, K, r) = (adapter.modelConfig.numHiddenLayers, adapter.config.targets.count, adapter.config.rank)
        self.adapter = adapter
        self.N = N
        var layout = ArenaLayout()
        layout.add("h", [L, K, N, r])
        layout.add("dh", [N, r])
        arena = TensorArena(layout: layout)
        h = arena["h"]
        dh = arena["dh"]
        slots = LoRATarget.allCases.map { adapter.config.targets.firstIndex(of: $0) }
    }

    /// Layer `l`'s `h` for `target` (N, r).
    func h(_ l: Int, _ target: LoRATarget) -> UnsafeMutablePointer<Float> {
        let (K, r) = (adapter.config.targets.count, adapter.config.rank)
        return h + (l * K + slots[target.index]!) * N * r
    }
}

/// The attached adapter's side of one forward/backward pass: a no-op for projections it does not target.
struct LoRAPass {
    let adapter: LoRAAdapter
    let activations: LoRAActivations

    /// After the base `Linear.forward` of `target` in layer `l`: adds the low-rank term.
    /// - out: (N, out), accumulated
    /// - inp: (N, in), the base layer's input
    func forward(_ target: LoRATarget, _ l: Int, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>) {
        guard let m = adapter.parameters[l, target] else { return }
        let (O, I) = target.shape(adapter.modelConfig)
        LoRALinear.forward(out: out, h: activations.h(l, target), inp: inp, a: m.a, b: m.b,
                           scaling: adapter.config.scaling, N: activations.N, I: I, O: O, r: adapter.config.rank)
    }

    /// Next to the base `Linear.backward` of `target` in layer `l`: the adapter's gradients, and its share of
    /// the input's gradient.
    /// - dinp: (N, in), accumulated
    /// - dout: (N, out)
    /// - inp: (N, in), the base layer's input
    func backward(_ target: LoRATarget, _ l: Int, dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                  inp: UnsafePointer<Float>) {
        guard let m = adapter.parameters[l, target], let dm = adapter.gradients[l, target] else { return }
        let (O, I) = target.shape(adapter.modelConfig)
        LoRALinear.backward(dinp: dinp, da: dm.a, db: dm.b, dh: activations.dh, dout: dout, inp: inp,
                            h: activations.h(l, target), a: m.a, b: m.b, scaling: adapter.config.scaling,
                            N: activations.N, I: I, O: O, r: adapter.config.rank)
    }
}
