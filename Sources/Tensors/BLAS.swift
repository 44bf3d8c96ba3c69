import COpenBLAS

/// Thin wrappers over OpenBLAS. Every matrix multiply in the engine goes through ``sgemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
///
/// All matrices are row-major. A matrix "(M, K) with leading dimension lda" has element (i, j) at `a[i * lda + j]`,
/// so a strided sub-matrix (one head's columns out of `(T, H*D)`) is just a pointer offset plus `lda = H*D`.
public enum BLAS {
    /// Whether an operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none
        case transposed

        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// `c = alpha * op(a) · op(b) + beta * c`, row-major.
    ///
    /// - c: (m, n), leading dimension `ldc`
    /// - op(a): (m, k); `a` is stored (m, k) when `transA == .none`, (k, m) when transposed; leading dimension `lda`
    /// - op(b): (k, n); `b` is stored (k, n) when `transB == .none`, (n, k) when transposed; leading dimension `ldb`
    ///
    /// With `beta = 0`, `c` need not be initialised; with `beta = 1` the product accumulates into `c`.
    @inline(__always)
    public static func sgemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS may skip scaling c when k == 0; make the contract explicit.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA.cblas, transB.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// `y (out) = x (in) · Wᵀ` for a batch of rows: the Hugging Face `nn.Linear` (no bias), W stored (out, in).
    ///
    /// - y: (rows, outFeatures), written (`beta = 0`) or accumulated (`beta = 1`)
    /// - x: (rows, inFeatures)
    /// - w: (outFeatures, inFeatures)
    @inline(__always)
    public static func linear(
        _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
        rows: Int, inFeatures: Int, outFeatures: Int, beta: Float = 0
    ) {
        sgemm(.none, .transposed, m: rows, n: outFeatures, k: inFeatures,
              a: x, lda: inFeatures, b: w, ldb: inFeatures, beta: beta, c: y, ldc: outFeatures)
    }

    /// How many threads OpenBLAS uses for each call (it defaults to the number of cores). Process-wide. Inside a
    /// `Parallel` region it reads 1, and setting it there lasts only until the region ends.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}
