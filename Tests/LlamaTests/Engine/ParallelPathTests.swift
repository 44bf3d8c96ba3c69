import Foundation
import Testing
import Tensors
@testable import Llama

/// Shapes large enough that the element-wise layers and AdamW split their work across threads; every element is
/// checked against its scalar formula.
@Suite struct ParallelPathTests {
    @Test func swiGLUForwardAndBackward() {
        let n = 3 * Parallel.elementGrain + 17
        let x = Buffers([("gate", [n]), ("up", [n]), ("out", [n]), ("dout", [n]), ("dgate", [n]), ("dup", [n])])
        x.fillNormal("gate", seed: 1, std: 2)
        x.fillNormal("up", seed: 2)
        x.fillNormal("dout", seed: 3)
        SwiGLU.forward(out: x["out"], gate: x["gate"], up: x["up"], N: 1, F: n)
        SwiGLU.backward(dgate: x["dgate"], dup: x["dup"], dout: x["dout"], gate: x["gate"], up: x["up"], N: 1, F: n)
        var worst: Float = 0
        for i in 0..<n {
            let (g, u, d) = (x["gate"][i], x["up"][i], x["dout"][i])
            let s = 1 / (1 + exp(-g))
            worst = max(worst, abs(x["out"][i] - g * s * u), abs(x["dup"][i] - d * g * s),
                        abs(x["dgate"][i] - d * u * s * (1 + g * (1 - s))))
        }
        #expect(worst < 1e-5)
    }

    @Test func crossEntropyAndRMSNormRows() {
        let (rows, V) = (12, 10_000)
        let x = Buffers([("logits", [rows, V]), ("losses", [rows]), ("out", [rows, V]), ("rstd", [rows]),
                         ("weight", [V])])
        x.fillNormal("logits", seed: 4, std: 2)
        x.fillNormal("weight", seed: 5)
        let targets = (0..<rows).map { Int32($0 * 811 % V) }
        CrossEntropy.forward(losses: x["losses"], logits: x["logits"], targets: targets, B: 1, T: rows, V: V)
        RMSNorm.forward(out: x["out"], rstd: x["rstd"], inp: x["logits"], weight: x["weight"],
                        B: 1, T: rows, C: V, eps: 1e-5)
        for r in 0..<rows {
            let row = (0..<V).map { Double(x["logits"][r * V + $0]) }
            let m = row.max()!
            let expected = m + log(row.map { exp($0 - m) }.reduce(0, +)) - row[Int(targets[r])]
            #expect(abs(Double(x["losses"][r]) - expected) < 1e-4)
            let rstd = 1 / (row.map { $0 * $0 }.reduce(0, +) / Double(V) + 1e-5).squareRoot()
            #expect(abs(Double(x["rstd"][r]) - rstd) < 1e-5 * rstd)
        }
    }

    @Test func adamWOverSeveralSegments() {
        var layout = ArenaLayout()
        layout.add("a", [2 * Parallel.elementGrain + 5])
        layout.add("norm", [Parallel.elementGrain + 3])
        layout.add("b", [3 * Parallel.elementGrain])
        let params = TensorArena(layout: layout), grads = TensorArena(layout: layout)
        var g = SeededGenerator(seed: 6)
        g.fillNormal(params.buffer)
        g.fillNormal(grads.buffer)
        let before = Array(params.buffer)
        let optimizer = AdamW(layout: layout, weightDecay: 0.1, decays: { $0.name != "norm" })
        optimizer.step(parameters: params, gradients: grads, learningRate: 0.01)
        let normRange = layout["norm"]!.offset..<(layout["norm"]!.offset + layout["norm"]!.count)
        var worst = 0.0
        for i in 0..<layout.count {
            // First step: m̂ = g, v̂ = g², so p ← p·(1 − lr·λ) − lr·g/(|g| + ε).
            let decay = normRange.contains(i) ? 1 : 1 - 0.01 * 0.1
            let gi = Double(grads.base[i])
            let expected = Double(before[i]) * decay - 0.01 * gi / (abs(gi) + 1e-8)
            worst = max(worst, abs(Double(params.base[i]) - expected))
        }
        #expect(worst < 1e-6)
    }
}
