import Foundation
import Testing
import Tensors
@testable import Llama

/// Each layer's backward against central differences of `Σ out ⊙ R` (R random), so `dout = R`.
@Suite struct LayerGradientTests {
    let B = 2, T = 3, C = 8

    @Test func embedding() {
        let V = 5
        let x = Buffers([("weight", [V, C]), ("out", [B, T, C]), ("dout", [B, T, C]), ("dweight", [V, C])])
        x.fillNormal("weight", seed: 1)
        x.fillNormal("dout", seed: 2)
        let tokens: [Int32] = [0, 3, 3, 4, 1, 0]
        func loss() -> Double {
            Embedding.forward(out: x["out"], tokens: tokens, weight: x["weight"], B: B, T: T, C: C)
            return x.dot("out", "dout")
        }
        _ = loss()
        #expect(x["out"][C + 2] == x["weight"][3 * C + 2])
        Embedding.backward(dweight: x["dweight"], dout: x["dout"], tokens: tokens, B: B, T: T, C: C)
        GradientCheck.expectMatches("dweight", x: x["weight"], analytic: x["dweight"], count: V * C, loss: loss)
        #expect(x["dweight"][2 * C] == 0, "token 2 is never used, so its row gets no gradient")
    }

    @Test func rmsNorm() {
        let x = Buffers([("inp", [B, T, C]), ("weight", [C]), ("out", [B, T, C]), ("rstd", [B, T]),
                         ("dout", [B, T, C]), ("dinp", [B, T, C]), ("dweight", [C])])
        x.fillNormal("inp", seed: 1, std: 2)
        x.fillNormal("weight", seed: 2, std: 0.5, mean: 1)
        x.fillNormal("dout", seed: 3)
        let eps: Float = 1e-5
        func loss() -> Double {
            RMSNorm.forward(out: x["out"], rstd: x["rstd"], inp: x["inp"], weight: x["weight"],
                            B: B, T: T, C: C, eps: eps)
            return x.dot("out", "dout")
        }
        _ = loss()
        // HF: weight * x * rsqrt(mean(x²) + eps), checked on the first row.
        let row = (0..<C).map { Double(x["inp"][$0]) }
        let r = 1 / (row.map { $0 * $0 }.reduce(0, +) / Double(C) + Double(eps)).squareRoot()
        #expect(abs(Double(x["out"][3]) - Double(x["weight"][3]) * row[3] * r) < 1e-5)
        RMSNorm.backward(dinp: x["dinp"], dweight: x["dweight"], dout: x["dout"], inp: x["inp"],
                         weight: x["weight"], rstd: x["rstd"], B: B, T: T, C: C)
        GradientCheck.expectMatches("dinp", x: x["inp"], analytic: x["dinp"], count: B * T * C, loss: loss)
        GradientCheck.expectMatches("dweight", x: x["weight"], analytic: x["dweight"], count: C, loss: loss)
    }

    @Test func linear() {
        let (I, O) = (C, 6)
        let x = Buffers([("inp", [B, T, I]), ("weight", [O, I]), ("out", [B, T, O]), ("dout", [B, T, O]),
                         ("dinp", [B, T, I]), ("dweight", [O, I])])
        x.fillNormal("inp", seed: 1)
        x.fillNormal("weight", seed: 2)
        x.fillNormal("dout", seed: 3)
        func loss() -> Double {
            Linear.forward(out: x["out"], inp: x["inp"], weight: x["weight"], N: B * T, I: I, O: O)
            return x.dot("out", "dout")
        }
        _ = loss()
        var y10: Float = 0  // out[1, 0] = Σ_i inp[1, i] · W[0, i]
        for i in 0..<I { y10 += x["inp"][I + i] * x["weight"][i] }
        #expect(abs(x["out"][O] - y10) < 1e-5)
        Linear.backward(dinp: x["dinp"], dweight: x["dweight"], dout: x["dout"], inp: x["inp"],
                        weight: x["weight"], N: B * T, I: I, O: O)
        GradientCheck.expectMatches("dinp", x: x["inp"], analytic: x["dinp"], count: B * T * I, loss: loss)
        GradientCheck.expectMatches("dweight", x: x["weight"], analytic: x["dweight"], count: O * I, loss: loss)
    }

    @Test func swiGLU() {
        let F = 7
        let x = Buffers([("gate", [B, T, F]), ("up", [B, T, F]), ("out", [B, T, F]), ("dout", [B, T, F]),
                         ("dgate", [B, T, F]), ("dup", [B, T, F])])
        x.fillNormal("gate", seed: 1, std: 2)
        x.fillNormal("up", seed: 2)
        x.fillNormal("dout", seed: 3)
        func loss() -> Double {
            SwiGLU.forward(out: x["out"], gate: x["gate"], up: x["up"], N: B * T, F: F)
            return x.dot("out", "dout")
        }
        _ = loss()
        let g = x["gate"][4]
        #expect(abs(x["out"][4] - g / (1 + exp(-g)) * x["up"][4]) < 1e-6)
        SwiGLU.backward(dgate: x["dgate"], dup: x["dup"], dout: x["dout"], gate: x["gate"], up: x["up"],
                        N: B * T, F: F)
        GradientCheck.expectMatches("dgate", x: x["gate"], analytic: x["dgate"], count: B * T * F, loss: loss)
        GradientCheck.expectMatches("dup", x: x["up"], analytic: x["dup"], count: B * T * F, loss: loss)
    }

    @Test func ropeUsesRotateHalfPairsAndInverseFrequencies() {
        let (D, P) = (4, 8)
        let x = Buffers([("cos", [P, D / 2]), ("sin", [P, D / 2]), ("x", [1, 1, D])])
        RoPE.tables(cos: x["cos"], sin: x["sin"], P: P, D: D, theta: 10_000)
        for (i, value) in [Float(1), 2, 3, 4].enumerated() { x["x"][i] = value }
        RoPE.forward(x: x["x"], cos: x["cos"], sin: x["sin"], B: 1, T: 1, nh: 1, D: D, positionOffset: 3)
        // inv_freq = [1, 10000^(-1/2)] = [1, 0.01]; pairs are (0, 2) and (1, 3).
        let (a0, a1) = (3.0, 0.03)
        let expected = [1 * cos(a0) - 3 * sin(a0), 2 * cos(a1) - 4 * sin(a1),
                        3 * cos(a0) + 1 * sin(a0), 4 * cos(a1) + 2 * sin(a1)]
        for i in 0..<D { #expect(abs(Double(x["x"][i]) - expected[i]) < 1e-5) }
    }

    @Test func ropeBackward() {
        let (H, D, P, offset) = (2, 6, 16, 5)
        let x = Buffers([("cos", [P, D / 2]), ("sin", [P, D / 2]), ("inp", [B, T, H * D]),
                         ("out", [B, T, H * D]), ("dout", [B, T, H * D]), ("dinp", [B, T, H * D])])
        RoPE.tables(cos: x["cos"], sin: x["sin"], P: P, D: D, theta: 100)
        x.fillNormal("inp", seed: 1)
        x.fillNormal("dout", seed: 2)
        func loss() -> Double {
            x["out"].update(from: x["inp"], count: x.count("inp"))
            RoPE.forward(x: x["out"], cos: x["cos"], sin: x["sin"], B: B, T: T, nh: H, D: D, positionOffset: offset)
            return x.dot("out", "dout")
        }
        x["dinp"].update(from: x["dout"], count: x.count("dout"))
        RoPE.backward(dx: x["dinp"], cos: x["cos"], sin: x["sin"], B: B, T: T, nh: H, D: D, positionOffset: offset)
        GradientCheck.expectMatches("dinp", x: x["inp"], analytic: x["dinp"], count: x.count("inp"), loss: loss)
    }
}
