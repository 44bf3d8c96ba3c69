import CZstd

/// zstd compression of whole buffers, for blobs and checkpoints.
public enum Zstd {
    /// Compresses `bytes` at `level` (1 fast … 19 small; 3 is zstd's default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                ZSTD_compress(out.baseAddress, bound, input.baseAddress, input.count, level)
            }
        }
        try check(written, doing: "compress \(bytes.count) bytes")
        output.removeSubrange(written...)
        return output
    }

    /// Frames claiming more than this are refused when the caller does not know the size to expect.
    public static let defaultMaxSize = 1 << 34

    /// Decompresses one zstd frame whose content size is recorded in its header (as `compress` writes it).
    /// - Parameter expectedSize: when given, a frame claiming any other size is refused before anything is
    ///   allocated for it (a corrupt or hostile header cannot make the caller allocate gigabytes); when nil, frames
    ///   claiming more than `defaultMaxSize` are.
    public static func decompress(_ frame: [UInt8], expectedSize: Int? = nil) throws -> [UInt8] {
        let declared = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // ZSTD_CONTENTSIZE_UNKNOWN is 0 - 1 and ZSTD_CONTENTSIZE_ERROR is 0 - 2 as unsigned long long.
        guard declared < UInt64.max - 1 else {
            throw ZstdError(message: "the data is not a zstd frame with a known size (truncated or corrupt?)")
        }
        if let expectedSize {
            guard declared == UInt64(max(expectedSize, 0)) else {
                throw ZstdError(message: "the frame claims \(declared) bytes but \(expectedSize) were expected")
            }
        } else if declared > UInt64(defaultMaxSize) {
            throw ZstdError(message: "the frame claims \(declared) bytes, more than the \(defaultMaxSize) allowed")
        }
        var output = [UInt8](repeating: 0, count: Int(declared))
        let written = output.withUnsafeMutableBytes { out in
            frame.withUnsafeBytes { input in
                ZSTD_decompress(out.baseAddress, out.count, input.baseAddress, input.count)
            }
        }
        try check(written, doing: "decompress a \(frame.count)-byte frame")
        guard written == declared else {
            throw ZstdError(message: "the frame decompressed to \(written) bytes, not the \(declared) it declares")
        }
        return output
    }

    private static func check(_ code: Int, doing what: String) throws {
        if ZSTD_isError(code) != 0 {
            throw ZstdError(message: "zstd could not \(what): \(String(cString: ZSTD_getErrorName(code)))")
        }
    }
}

public struct ZstdError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
