/// The ggml tensor types a GGUF tensor can have: the ones dequantized here, and the names of all others for errors.
///
/// A quantized type stores blocks of ``blockSize`` consecutive elements of a row in ``blockBytes`` bytes.
public enum GGUFTensorType: UInt32, Sendable, CaseIterable {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q8_0 = 8
    case bf16 = 30

    /// Elements per block (1 for the float types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q4_0, .q4_1, .q8_0: 32
        }
    }

    /// Bytes per block: Q8_0 f16 d + 32 int8; Q4_0 f16 d + 16 nibble bytes; Q4_1 f16 d, f16 m + 16 nibble bytes.
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q4_0: 18
        case .q4_1: 20
        case .q8_0: 34
        }
    }

    /// ggml's name of the type.
    public var name: String { Self.ggmlName(rawValue) }

    /// ggml's name of type id `id` (`ggml_type`), including the types not dequantized here.
    public static func ggmlName(_ id: UInt32) -> String {
        let names = [
            0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
            11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS",
            19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32",
            27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
        ]
        return names[Int(id)] ?? "unknown type \(id)"
    }
}
