import Evaluation
import Experiments
import Testing
import Tuning

@Suite struct PassAtKTests {
    /// The fraction of the C(n, k) k-subsets of n samples (the first c correct) that contain a correct one.
    static func bruteForce(n: Int, c: Int, k: Int) -> Double {
        var hits = 0, total = 0
        for mask in 0..<(1 << n) where mask.nonzeroBitCount == k {
            total += 1
            if mask & ((1 << c) - 1) != 0 { hits += 1 }
        }
        return Double(hits) / Double(total)
    }

    @Test func matchesEnumerationOfEverySubset() {
        for n in 1...10 {
            for k in 1...n {
                for c in 0...n {
                    let expected = Self.bruteForce(n: n, c: c, k: k)
                    #expect(abs(PassAtK.estimate(n: n, c: c, k: k) - expected) < 1e-12, "n \(n) c \(c) k \(k)")
                }
            }
        }
    }

    @Test func pass1IsTheFractionCorrectAndLargeNIsStable() {
        #expect(PassAtK.estimate(n: 16, c: 4, k: 1) == 0.25)
        #expect(PassAtK.estimate(n: 200, c: 0, k: 100) == 0)
        #expect(PassAtK.estimate(n: 200, c: 101, k: 100) == 1)
        let value = PassAtK.estimate(n: 200, c: 3, k: 100)
        #expect(value > 0.87 && value < 0.88)  // 1 − (100·99·98)/(200·199·198) ≈ 0.8756
    }
}
