import Foundation
import Tensors

/// One `"kernel"` line of `tao bench model --measure kernels`: one core multiplying M rows by a (O, I) weight.
public struct HalfKernelResult: Codable, Sendable {
    public var bench = "kernel"
    /// `f32-sgemm` (OpenBLAS on the Float32 weight), `half-fma` (the AVX2 micro-kernel on packed halves) or
    /// `half-unpack-sgemm` (widen a block of packed halves into an L2-resident scratch, then sgemm it)
    public var kernel: String
    public var format: String
    public var M: Int
    public var O: Int
    public var I: Int
    /// Median seconds per product
    public var seconds: Double
    public var gflops: Double
    /// Weight bytes read per second (the weight's own storage: 4 or 2 bytes per element)
    public var weightGBPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case bench, kernel, format, M, O, I, seconds, gflops
        case weightGBPerSecond = "weight_gb_per_second"
    }

    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// The decoding matmul `out (M, O) = inp (M, I) · W (O, I)ᵀ` three ways on one core, for choosing the
/// half-precision kernel: OpenBLAS sgemm on Float32 W (today's path), the engine's AVX2 outer-product kernel on
/// packed halves, and widening 64 columns of packed halves at a time into a scratch and calling sgemm on it. W is
/// larger than the L3 cache when O·I is (every call streams it from memory, as decoding does).
public enum HalfKernelBenchmark {
    /// SmolLM2-135M's decoding matmuls at M = 16 (q·k·v, o, gate·up, down, the LM head), F16 and BF16 (the F32
    /// sgemm line once per shape).
    public static func runSmolLM2Shapes(M: Int = 16) -> [HalfKernelResult] {
        [(960, 576), (576, 576), (3072, 576), (576, 1536), (49152, 576)].flatMap { O, I in
            HalfFormat.allCases.flatMap { format in
                run(M: M, O: O, I: I, format: format).filter { format == .f16 || $0.kernel != "f32-sgemm" }
            }
        }
    }

    public static func run(M: Int, O: Int, I: Int, format: HalfFormat, repeats: Int = 9) -> [HalfKernelResult] {
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: O * I)
        let inp = UnsafeMutablePointer<Float>.allocate(capacity: M * I)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: M * O)
        let block = 64, scratch = UnsafeMutablePointer<Float>.allocate(capacity: I * block)
        defer { [weights, inp, out, scratch].forEach { $0.deallocate() } }
        var generator = SeededGenerator(seed: 1)
        generator.fillNormal(UnsafeMutableBufferPointer(start: weights, count: O * I), std: 0.02)
        generator.fillNormal(UnsafeMutableBufferPointer(start: inp, count: M * I), std: 1)
        let half = HalfMatrix(format: format, outFeatures: O, inFeatures: I)
        half.pack(from: weights)
        let panelsPerBlock = block / HalfMatrix.panel
        let savedThreads = BLAS.threads
        BLAS.threads = 1  // one core, as inside a decoding team
        defer { BLAS.threads = savedThreads }

        func time(_ body: () -> Void) -> Double {
            body()
            var seconds: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return seconds.sorted()[repeats / 2]
        }
        let variants: [(String, Int, () -> Void)] = [
            ("f32-sgemm", 4, {
                BLAS.linear(out, inp, weights, rows: M, inFeatures: I, outFeatures: O)
            }),
            ("half-fma", 2, {
                HalfGEMM.multiply(out: out, ldc: O, inp: inp, lda: I, M: M, weight: half, columns: 0..<O)
            }),
            ("half-unpack-sgemm", 2, {
                for first in stride(from: 0, to: half.panels, by: panelsPerBlock) {
                    let panels = first..<min(first + panelsPerBlock, half.panels)
                    let columns = min(O, panels.upperBound * HalfMatrix.panel) - first * HalfMatrix.panel
                    HalfGEMM.unpack(out: scratch, ldo: block, weight: half, panels: panels)
                    BLAS.sgemm(.none, .none, m: M, n: columns, k: I, a: inp, lda: I, b: scratch, ldb: block,
                               c: out + first * HalfMatrix.panel, ldc: O)
                }
            }),
        ]
        return variants.map { name, bytes, body in
            let seconds = time(body)
            return HalfKernelResult(
                kernel: name, format: bytes == 4 ? "f32" : format.rawValue, M: M, O: O, I: I, seconds: seconds,
                gflops: 2 * Double(M * O * I) / seconds / 1e9,
                weightGBPerSecond: Double(bytes * O * I) / seconds / 1e9)
        }
    }
}
