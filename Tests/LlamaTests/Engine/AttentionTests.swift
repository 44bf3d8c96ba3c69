import Foundation
import Testing
import Tensors
@testable import Llama

@Suite struct AttentionTests {
    let B = 2, H = 4, Hkv = 2, D = 4
    /// One block of query rows, and more than one (``Attention/rowsPerBlock`` is 64).
    static let lengths = [5, 70]

    func buffers(T: Int) -> Buffers {
        let x = Buffers([("q", [B, T, H * D]), ("k", [B, T, Hkv * D]), ("v", [B, T, Hkv * D]),
                         ("out", [B, T, H * D]), ("att", [B, H, T, T]), ("dout", [B, T, H * D]),
                         ("dq", [B, T, H * D]), ("dk", [B, T, Hkv * D]), ("dv", [B, T, Hkv * D]),
                         ("scratch", [Parallel.workers, T, T])])
        x.fillNormal("q", seed: 1)
        x.fillNormal("k", seed: 2)
        x.fillNormal("v", seed: 3)
        x.fillNormal("dout", seed: 4)
        return x
    }

    /// Straight from the definition, with HF's `repeat_kv` mapping (query head h → kv head h / (H / Hkv)).
    func naive(_ x: Buffers, T: Int, b: Int, t: Int, h: Int) -> [Double] {
        let kvh = h / (H / Hkv)
        let q = x["q"] + (b * T + t) * H * D + h * D
        func key(_ j: Int) -> UnsafeMutablePointer<Float> { x["k"] + (b * T + j) * Hkv * D + kvh * D }
        func value(_ j: Int) -> UnsafeMutablePointer<Float> { x["v"] + (b * T + j) * Hkv * D + kvh * D }
        var scores = [Double](repeating: 0, count: t + 1)
        for j in 0...t {
            for d in 0..<D { scores[j] += Double(q[d]) * Double(key(j)[d]) }
            scores[j] /= Double(D).squareRoot()
        }
        let m = scores.max()!
        let e = scores.map { exp($0 - m) }
        let z = e.reduce(0, +)
        var out = [Double](repeating: 0, count: D)
        for j in 0...t {
            for d in 0..<D { out[d] += e[j] / z * Double(value(j)[d]) }
        }
        return out
    }

    func forward(_ x: Buffers, T: Int) {
        Attention.forward(out: x["out"], att: x["att"], q: x["q"], k: x["k"], v: x["v"],
                          B: B, Tq: T, Tk: T, S: T, H: H, Hkv: Hkv, D: D)
    }

    @Test(arguments: lengths) func forwardMatchesDefinitionWithGroupedHeads(T: Int) {
        let x = buffers(T: T)
        forward(x, T: T)
        for (b, t, h) in [(0, 0, 0), (0, T - 1, 3), (1, 2, 1), (1, T - 1, 2), (1, T / 2, 0)] {
            let expected = naive(x, T: T, b: b, t: t, h: h)
            for d in 0..<D {
                #expect(abs(Double(x["out"][(b * T + t) * H * D + h * D + d]) - expected[d]) < 1e-5)
            }
        }
        #expect(x["att"][1] == 0, "row 0 cannot see key 1")
    }

    @Test(arguments: lengths) func backwardMatchesFiniteDifferences(T: Int) {
        let x = buffers(T: T)
        func loss() -> Double {
            forward(x, T: T)
            return x.dot("out", "dout")
        }
        forward(x, T: T)
        Attention.backward(dq: x["dq"], dk: x["dk"], dv: x["dv"], scratch: x["scratch"], dout: x["dout"],
                           att: x["att"], q: x["q"], k: x["k"], v: x["v"],
                           B: B, Tq: T, Tk: T, S: T, H: H, Hkv: Hkv, D: D)
        for name in ["q", "k", "v"] {
            GradientCheck.expectMatches("d" + name, x: x[name], analytic: x["d" + name], count: x.count(name),
                                        samples: 300, loss: loss)
        }
    }

    @Test(arguments: [(5, 2), (70, 67)])
    func suffixQueriesOverCachedKeysMatchTheFullSequence(T: Int, Tq: Int) {
        let x = buffers(T: T)
        forward(x, T: T)
        // The last Tq queries of each batch against all T keys, with keys stored in rows of capacity S = T + 3.
        let S = T + 3
        let y = Buffers([("q", [B, Tq, H * D]), ("k", [B, S, Hkv * D]), ("v", [B, S, Hkv * D]),
                         ("out", [B, Tq, H * D]), ("att", [B, H, Tq, T])])
        for b in 0..<B {
            (y["q"] + b * Tq * H * D).update(from: x["q"] + (b * T + T - Tq) * H * D, count: Tq * H * D)
            (y["k"] + b * S * Hkv * D).update(from: x["k"] + b * T * Hkv * D, count: T * Hkv * D)
            (y["v"] + b * S * Hkv * D).update(from: x["v"] + b * T * Hkv * D, count: T * Hkv * D)
        }
        Attention.forward(out: y["out"], att: y["att"], q: y["q"], k: y["k"], v: y["v"],
                          B: B, Tq: Tq, Tk: T, S: S, H: H, Hkv: Hkv, D: D)
        for b in 0..<B {
            for i in 0..<(Tq * H * D) {
                #expect(abs(y["out"][b * Tq * H * D + i] - x["out"][(b * T + T - Tq) * H * D + i]) < 1e-6)
            }
        }
    }
}
