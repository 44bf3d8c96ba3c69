import Tensors

/// The precision of the weights a decoding step multiplies by (q/k/v, o, gate/up, down and the LM head). Activations,
/// accumulation, attention, the KV cache and the prefill stay Float32 whatever this says.
public enum DecodePrecision: String, Sendable, CaseIterable, Codable {
    /// The parameter arena itself through OpenBLAS sgemm: the reference (golden tests against transformers use it).
    case f32
    /// IEEE half copies (10 mantissa bits) through the engine's own kernel (``HalfGEMM``): half the bytes per step,
    /// 1.4–1.8× F32's sampling speed and log-probs within 0.024 of F32's on SmolLM2-135M (docs/performance.md).
    case f16
    /// bfloat16 copies (7 mantissa bits): the same speed as f16, 3–5× its log-prob errors (8× its rounding).
    case bf16

    /// The half format of the weight copies, `nil` for the reference path.
    var halfFormat: HalfFormat? {
        switch self {
        case .f32: nil
        case .f16: .f16
        case .bf16: .bf16
        }
    }
}
