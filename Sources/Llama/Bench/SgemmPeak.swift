import Foundation
import Tensors

/// The sgemm ceiling on this machine right now (other processes included), measured with square products.
public enum SgemmPeak {
    /// Best GFLOP/s of `repeats` products of two (n, n) matrices.
    public static func measure(n: Int = 1024, repeats: Int = 5) -> Double {
        var layout = ArenaLayout()
        layout.add("a", [n, n])
        layout.add("b", [n, n])
        layout.add("c", [n, n])
        let arena = TensorArena(layout: layout)
        var generator = SeededGenerator(seed: 3)
        generator.fillNormal(arena.buffer, std: 1)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            BLAS.sgemm(.none, .none, m: n, n: n, k: n, a: arena["a"], lda: n, b: arena["b"], ldb: n,
                       c: arena["c"], ldc: n)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
