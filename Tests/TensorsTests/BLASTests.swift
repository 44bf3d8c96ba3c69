import Foundation
import Testing
import Tensors

@Suite struct BLASTests {
    /// Reference row-major product of op(a) (m,k) and op(b) (k,n).
    func naive(_ ta: BLAS.Transpose, _ tb: BLAS.Transpose, _ a: [Float], lda: Int, _ b: [Float], ldb: Int,
               m: Int, n: Int, k: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = 0
                for p in 0..<k {
                    let x = ta == .none ? a[i * lda + p] : a[p * lda + i]
                    let y = tb == .none ? b[p * ldb + j] : b[j * ldb + p]
                    s += x * y
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    @Test(arguments: [(BLAS.Transpose.none, BLAS.Transpose.none), (.none, .transposed), (.transposed, .none),
                      (.transposed, .transposed)])
    func sgemmMatchesNaiveProduct(ta: BLAS.Transpose, tb: BLAS.Transpose) {
        let (m, n, k) = (3, 5, 4)
        var g = SeededGenerator(seed: 1)
        // Stored with an extra column of padding to exercise leading dimensions.
        let lda = (ta == .none ? k : m) + 1, ldb = (tb == .none ? n : k) + 1
        let a = (0..<((ta == .none ? m : k) * lda)).map { _ in g.normal() }
        let b = (0..<((tb == .none ? k : n) * ldb)).map { _ in g.normal() }
        var c = [Float](repeating: 1, count: m * n)
        BLAS.sgemm(ta, tb, m: m, n: n, k: k, alpha: 2, a: a, lda: lda, b: b, ldb: ldb, beta: 1, c: &c, ldc: n)
        let expected = naive(ta, tb, a, lda: lda, b, ldb: ldb, m: m, n: n, k: k).map { 2 * $0 + 1 }
        for (x, y) in zip(c, expected) { #expect(abs(x - y) < 1e-5) }
    }

    @Test func linearIsXTimesWTransposed() {
        // x (2, 3), W (out 2, in 3): y = x Wᵀ
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        let w: [Float] = [1, 0, -1, 0.5, 0.5, 0.5]
        var y = [Float](repeating: 0, count: 4)
        BLAS.linear(&y, x, w, rows: 2, inFeatures: 3, outFeatures: 2)
        #expect(y == [-2, 3, -2, 7.5])
    }
}

@Suite struct ParallelTests {
    @Test func chunksCoverTheRangeOnceWithWorkerIndices() {
        let count = 37
        let seen = UnsafeMutablePointer<Int>.allocate(capacity: count)
        defer { seen.deallocate() }
        seen.initialize(repeating: -1, count: count)
        Parallel.forChunks(count: count) { chunk, range in
            for i in range { seen[i] = chunk }
        }
        let chunks = (0..<count).map { seen[$0] }
        #expect(chunks.allSatisfy { 0..<Parallel.workers ~= $0 })
        #expect(chunks == chunks.sorted(), "chunks are contiguous and in order")
    }

    /// Overlapping regions (from several threads) each see single-threaded BLAS for their whole duration, even when
    /// another region ends first. (Restoring the count afterwards is not asserted: other tests run regions
    /// concurrently in this process.)
    @Test func overlappingRegionsKeepBLASSingleThreadedInside() {
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            Parallel.forChunks(count: 8) { _, range in
                for _ in range {
                    #expect(Parallel.workers == 1 || BLAS.threads == 1)
                }
            }
        }
    }

    @Test func sgemmInsideChunksMatchesSerialResults() {
        let (n, pieces) = (64, 6)
        var g = SeededGenerator(seed: 9)
        let a = (0..<(pieces * n * n)).map { _ in g.normal() }
        let b = (0..<(n * n)).map { _ in g.normal() }
        var serial = [Float](repeating: 0, count: pieces * n * n)
        var parallel = serial
        serial.withUnsafeMutableBufferPointer { c in
            for p in 0..<pieces {
                BLAS.sgemm(.none, .none, m: n, n: n, k: n, a: Array(a[(p * n * n)...]), lda: n, b: b, ldb: n,
                           c: c.baseAddress! + p * n * n, ldc: n)
            }
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                parallel.withUnsafeMutableBufferPointer { c in
                    let (a, b, c) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    Parallel.forChunks(count: pieces) { _, range in
                        for p in range {
                            BLAS.sgemm(.none, .none, m: n, n: n, k: n, a: a + p * n * n, lda: n, b: b, ldb: n,
                                       c: c + p * n * n, ldc: n)
                        }
                    }
                }
            }
        }
        #expect(serial == parallel)
    }
}
