import Testing
import Tensors

@Suite(.serialized) struct HalfGEMMTests {
    /// Weights with every kind of F16 value: normal, subnormal (below 6.1e-5), ties, overflow to infinity.
    func weights(O: Int, I: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        var w = (0..<(O * I)).map { _ in g.normal() * 0.05 }
        let specials: [Float] = [1e-6, -3e-8, 6.1e-5, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 65504, 65520, -70000, 0, -0.0]
        for (i, value) in specials.enumerated() where i < w.count { w[i * 7 % w.count] = value }
        return w
    }

    /// Float32 → bfloat16 → Float32, round to nearest even.
    func bf16(_ x: Float) -> Float {
        let u = x.bitPattern
        return Float(bitPattern: ((u &+ 0x7FFF &+ ((u >> 16) & 1)) >> 16) << 16)
    }

    @Test(arguments: HalfFormat.allCases)
    func packingRoundsEveryWeightToNearestEven(format: HalfFormat) {
        let (O, I) = (37, 23)
        let w = weights(O: O, I: I, seed: 1)
        let half = HalfMatrix(format: format, outFeatures: O, inFeatures: I)
        w.withUnsafeBufferPointer { half.pack(from: $0.baseAddress!) }
        for o in 0..<O {
            for k in 0..<I {
                let x = w[o * I + k]
                let expected = format == .f16 ? Float(Float16(x)) : bf16(x)
                #expect(half.element(o, k).bitPattern == expected.bitPattern, "W[\(o)][\(k)] = \(x)")
            }
        }
    }

    /// Every output is exactly the in-order fused multiply-add chain over the stored halves, for every row count the
    /// micro-kernel's blocks and remainders cover, any column split on panel boundaries, and the scalar fallback.
    @Test(arguments: HalfFormat.allCases)
    func productIsTheFusedMultiplyAddChainOverTheStoredHalves(format: HalfFormat) {
        let (O, I) = (37, 23)
        let half = HalfMatrix(format: format, outFeatures: O, inFeatures: I)
        weights(O: O, I: I, seed: 2).map { $0 * 1e-3 }.withUnsafeBufferPointer { half.pack(from: $0.baseAddress!) }
        var g = SeededGenerator(seed: 3)
        for M in [1, 2, 5, 6, 7, 12, 16, 64] {
            let lda = I + 3, ldc = O + 2
            let inp = (0..<(M * lda)).map { _ in g.normal() }
            var expected = [Float](repeating: 0, count: M * ldc)
            for m in 0..<M {
                for o in 0..<O {
                    var acc: Float = 0
                    for k in 0..<I { acc = acc.addingProduct(inp[m * lda + k], half.element(o, k)) }
                    expected[m * ldc + o] = acc
                }
            }
            for scalar in [false, true] {
                HalfGEMM.forceScalar(scalar)
                defer { HalfGEMM.forceScalar(false) }
                for split in [[0..<O], [0..<16, 16..<O], [0..<32, 32..<O]] {
                    var out = [Float](repeating: .nan, count: M * ldc)
                    for columns in split {
                        HalfGEMM.multiply(out: &out, ldc: ldc, inp: inp, lda: lda, M: M, weight: half,
                                          columns: columns)
                    }
                    for m in 0..<M {
                        for o in 0..<O {
                            #expect(out[m * ldc + o].bitPattern == expected[m * ldc + o].bitPattern,
                                    "M \(M), row \(m), column \(o), scalar \(scalar), split \(split)")
                        }
                    }
                }
            }
        }
    }

    @Test func unpackingWidensPanelsSideBySide() {
        let (O, I) = (40, 5)
        let half = HalfMatrix(format: .f16, outFeatures: O, inFeatures: I)
        weights(O: O, I: I, seed: 4).withUnsafeBufferPointer { half.pack(from: $0.baseAddress!) }
        let ldo = 3 * HalfMatrix.panel
        var out = [Float](repeating: .nan, count: I * ldo)
        HalfGEMM.unpack(out: &out, ldo: ldo, weight: half, panels: 0..<3)
        for k in 0..<I {
            for j in 0..<ldo {
                #expect(out[k * ldo + j].bitPattern == (j < O ? half.element(j, k) : 0).bitPattern)
            }
        }
    }
}
