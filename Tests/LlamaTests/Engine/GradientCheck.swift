import Testing
import Tensors

/// Named scratch buffers for a layer test, all in one ``TensorArena``.
final class Buffers {
    let arena: TensorArena

    init(_ specs: [(String, Shape)]) {
        var layout = ArenaLayout()
        for (name, shape) in specs { layout.add(name, shape) }
        arena = TensorArena(layout: layout)
    }

    subscript(name: String) -> UnsafeMutablePointer<Float> { arena[name] }

    func count(_ name: String) -> Int { arena.layout[name]!.count }

    func fillNormal(_ name: String, seed: UInt64, std: Float = 1, mean: Float = 0) {
        var g = SeededGenerator(seed: seed)
        g.fillNormal(arena.buffer(arena.layout[name]!), mean: mean, std: std)
    }

    func zero(_ name: String) { self[name].update(repeating: 0, count: count(name)) }

    /// Σ a ⊙ b in Double: the scalar "loss" whose gradient w.r.t. `a` is `b`.
    func dot(_ a: String, _ b: String) -> Double {
        var s = 0.0
        for i in 0..<count(a) { s += Double(self[a][i]) * Double(self[b][i]) }
        return s
    }
}

/// Central-difference gradient checks.
enum GradientCheck {
    /// Checks `analytic` (the backward's gradient of `loss` w.r.t. `x`) against `(loss(x+ε) − loss(x−ε)) / 2ε` at up
    /// to `samples` evenly spread entries and the last one. Passes when `|a − n| ≤ rtol·|n| + atol·max|analytic|` at every entry.
    static func expectMatches(
        _ label: String, x: UnsafeMutablePointer<Float>, analytic: UnsafePointer<Float>, count: Int,
        samples: Int = 64, eps: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
        sourceLocation: SourceLocation = #_sourceLocation, loss: () -> Double
    ) {
        var scale = 0.0
        for i in 0..<count { scale = max(scale, Double(abs(analytic[i]))) }
        #expect(scale > 0, "\(label): gradient is identically zero", sourceLocation: sourceLocation)
        let stride = max(1, count / samples)
        for i in Array(Swift.stride(from: 0, to: count, by: stride)) + [count - 1] {
            let saved = x[i]
            x[i] = saved + eps
            let plus = loss()
            x[i] = saved - eps
            let minus = loss()
            x[i] = saved
            let numeric = (plus - minus) / (2 * Double(eps))
            let error = abs(Double(analytic[i]) - numeric)
            let allowed = rtol * abs(numeric) + atol * scale
            #expect(error <= allowed,
                    "\(label)[\(i)]: analytic \(analytic[i]) vs numeric \(numeric)", sourceLocation: sourceLocation)
            if error > allowed { return }
        }
    }
}
