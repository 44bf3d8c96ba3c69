/// Conversion of a tensor's bytes to `Float`, exactly as ggml's `dequantize_row_*` reference code computes it.
///
/// Quantized types are runs of 32-element blocks along rows (a row is a whole number of blocks), so a tensor is
/// dequantized block after block, whatever its shape:
/// - Q8_0 (34 bytes): f16 `d`, 32 × int8 `q`; `x[j] = q[j]·d`.
/// - Q4_0 (18 bytes): f16 `d`, 16 bytes of nibbles; element j < 16 is the low nibble of byte j, element j + 16 its
///   high nibble; `x = (q − 8)·d`.
/// - Q4_1 (20 bytes): f16 `d`, f16 `m`, 16 bytes of nibbles laid out as Q4_0; `x = q·d + m`.
enum GGUFDequantize {
    /// - destination: (elementCount,) row-major.
    /// - source: the tensor's bytes: elementCount / blockSize × blockBytes of them.
    static func floats(
        _ destination: UnsafeMutableBufferPointer<Float>, _ source: UnsafeRawBufferPointer, type: GGUFTensorType
    ) {
        let count = destination.count
        precondition(source.count == count / type.blockSize * type.blockBytes, "caller checks the byte count")
        func half(_ offset: Int) -> UInt16 {
            UInt16(littleEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        }
        switch type {
        case .f32:
            for i in 0..<count {
                destination[i] = Float(
                    bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f16:
            for i in 0..<count { destination[i] = HalfFloat.float(fromF16: half(2 * i)) }
        case .bf16:
            for i in 0..<count { destination[i] = HalfFloat.float(fromBF16: half(2 * i)) }
        case .q8_0:
            for block in 0..<(count / 32) {
                let base = block * 34
                let d = HalfFloat.float(fromF16: half(base))
                for j in 0..<32 {
                    destination[block * 32 + j] = Float(Int8(bitPattern: source[base + 2 + j])) * d
                }
            }
        case .q4_0:
            for block in 0..<(count / 32) {
                let base = block * 18
                let d = HalfFloat.float(fromF16: half(base))
                for j in 0..<16 {
                    let byte = source[base + 2 + j]
                    destination[block * 32 + j] = Float(Int(byte & 0x0F) - 8) * d
                    destination[block * 32 + j + 16] = Float(Int(byte >> 4) - 8) * d
                }
            }
        case .q4_1:
            for block in 0..<(count / 32) {
                let base = block * 20
                let d = HalfFloat.float(fromF16: half(base))
                let m = HalfFloat.float(fromF16: half(base + 2))
                for j in 0..<16 {
                    let byte = source[base + 4 + j]
                    destination[block * 32 + j] = Float(byte & 0x0F) * d + m
                    destination[block * 32 + j + 16] = Float(byte >> 4) * d + m
                }
            }
        }
    }
}
