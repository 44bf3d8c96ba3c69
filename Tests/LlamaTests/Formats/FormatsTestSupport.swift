import Foundation
import Llama

/// Shared helpers for the formats tests: fixture location, scratch directories, hand-built files.
enum FormatsFixtures {
    /// `Tests/LlamaTests/Fixtures/tokenizer`, as copied into the test bundle.
    static var tokenizerDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/tokenizer")
    }

    /// A fresh empty directory under the system temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("llama-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Deletes a scratch directory (mapped files stay readable: the mapping outlives the directory entry).
    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes a `.safetensors` file byte by byte: `headerLength` overrides the true length of `header`.
    static func writeRaw(
        _ url: URL, header: String, data: [UInt8], headerLength: UInt64? = nil, truncateTo: Int? = nil
    ) throws -> URL {
        let json = Array(header.utf8)
        var bytes = withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { Array($0) }
        bytes += json + data
        if let truncateTo { bytes = Array(bytes.prefix(truncateTo)) }
        try Data(bytes).write(to: url)
        return url
    }

    /// Little-endian bytes of 16-bit patterns.
    static func bytes(_ halves: [UInt16]) -> [UInt8] {
        halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }
}
