import CKernels

/// A half-precision storage format for weights: 16 bits per element, widened to Float32 for every multiply.
public enum HalfFormat: String, Sendable, CaseIterable {
    /// IEEE binary16: 10 mantissa bits (relative rounding error ≤ 2⁻¹¹), range ±65504, subnormals below 6.1e-5.
    case f16
    /// bfloat16: Float32's exponent with 7 mantissa bits (relative rounding error ≤ 2⁻⁸), Float32's range.
    case bf16

    var code: Int32 { self == .f16 ? Int32(CK_F16) : Int32(CK_BF16) }

    /// The largest relative error of rounding a Float32 (in the normal range) to this format.
    public var unitRoundoff: Float { self == .f16 ? 0x1p-11 : 0x1p-8 }
}

/// A weight matrix W (O, I) rounded to a ``HalfFormat`` and packed for ``HalfGEMM``: panels of ``panel`` output
/// columns, panel p holding (I, panel) — element (k, j) is W[p·panel + j][k] — with the columns past O zero. Owns its
/// memory; fill it with ``pack(from:panels:)`` (panels are independent, so several threads may pack disjoint ranges).
///
/// Not `Sendable`, like ``TensorArena``: mutable shared memory, kept next to the model that reads it.
public final class HalfMatrix {
    /// Output columns per panel (the micro-kernel's width).
    public static let panel = Int(CK_PANEL)

    public let format: HalfFormat
    /// Rows of W: the product's output columns.
    public let outFeatures: Int
    /// Columns of W: the product's inner dimension.
    public let inFeatures: Int
    /// ⌈O / panel⌉
    public let panels: Int
    /// (panels, I, panel)
    let storage: UnsafeMutablePointer<UInt16>

    public init(format: HalfFormat, outFeatures O: Int, inFeatures I: Int) {
        precondition(O > 0 && I > 0, "a half matrix needs positive dimensions")
        self.format = format
        (outFeatures, inFeatures) = (O, I)
        panels = (O + Self.panel - 1) / Self.panel
        let count = panels * I * Self.panel
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 2, alignment: 64)
        storage = raw.bindMemory(to: UInt16.self, capacity: count)
        storage.initialize(repeating: 0, count: count)
    }

    deinit { storage.deallocate() }

    /// Bytes of packed storage.
    public var byteCount: Int { panels * inFeatures * Self.panel * 2 }

    /// Rounds panels `panels` of `w` to the format (nearest even) and packs them.
    ///
    /// - w: (O, I) Float32, row-major
    public func pack(from w: UnsafePointer<Float>, panels: Range<Int>) {
        precondition(panels.lowerBound >= 0 && panels.upperBound <= self.panels, "panels \(panels) out of range")
        ck_pack_half(storage, w, outFeatures, inFeatures, panels.lowerBound, panels.upperBound, format.code)
    }

    /// Rounds and packs all of `w` (O, I).
    public func pack(from w: UnsafePointer<Float>) { pack(from: w, panels: 0..<panels) }

    /// W[o][k] as stored, widened to Float32.
    public func element(_ o: Int, _ k: Int) -> Float {
        precondition(o >= 0 && o < outFeatures && k >= 0 && k < inFeatures, "element (\(o), \(k)) out of range")
        var value: Float = 0
        ck_half_to_float(&value, storage + ((o / Self.panel) * inFeatures + k) * Self.panel + o % Self.panel, 1,
                         format.code)
        return value
    }
}

/// `out = inp · Wᵀ` with W a ``HalfMatrix``: half-precision weights, Float32 inputs, outputs and accumulation —
/// the decoding step's matmuls. Every output is the fused multiply-add chain over k = 0..<I in order, on every CPU
/// (the AVX2 + FMA + F16C micro-kernel and the portable fallback agree bit for bit).
public enum HalfGEMM {
    /// Whether the AVX2 kernels run on this CPU (else a portable scalar loop, much slower).
    public static var hasVectorKernels: Bool { ck_has_avx2() != 0 }

    /// Columns `columns` of out (M, ·) with leading dimension `ldc` = inp (M, I) · Wᵀ; `columns.lowerBound` must
    /// be a multiple of ``HalfMatrix/panel`` (split work on panel boundaries), `columns.upperBound` ≤ O.
    ///
    /// - out: (M, ldc), columns `columns` written
    /// - inp: (M, I), leading dimension `lda`
    /// - weight: (O, I)
    @inline(__always)
    public static func multiply(
        out: UnsafeMutablePointer<Float>, ldc: Int, inp: UnsafePointer<Float>, lda: Int, M: Int, weight: HalfMatrix,
        columns: Range<Int>
    ) {
        precondition(columns.lowerBound % HalfMatrix.panel == 0 && columns.upperBound <= weight.outFeatures,
                     "columns \(columns) must start on a panel and lie within \(weight.outFeatures)")
        ck_gemm_half(out, ldc, inp, lda, weight.storage, M, weight.inFeatures, columns.lowerBound, columns.upperBound,
                     weight.format.code)
    }

    /// Widens panels `panels` of W to Float32 side by side, the (I, panels.count · panel) operand an untransposed
    /// sgemm reads: the alternative to ``multiply(out:ldc:inp:lda:M:weight:columns:)`` that converts a block of W
    /// into a small cache-resident scratch and calls BLAS (measured slower; see docs/performance.md).
    ///
    /// - out: (I, ldo), columns 0..<panels.count · panel written
    public static func unpack(out: UnsafeMutablePointer<Float>, ldo: Int, weight: HalfMatrix, panels: Range<Int>) {
        precondition(panels.lowerBound >= 0 && panels.upperBound <= weight.panels && ldo >= panels.count * HalfMatrix.panel)
        ck_unpack_panels(out, ldo, weight.storage, weight.inFeatures, panels.lowerBound, panels.upperBound,
                         weight.format.code)
    }

    /// Runs the portable scalar loops instead of the AVX2 kernels (`true`) until set back; for tests.
    public static func forceScalar(_ scalar: Bool) { ck_force_scalar(scalar ? 1 : 0) }
}
