import Foundation

/// Reads a growing log file a piece at a time: each call returns the complete lines written since the last one
/// (a line still being written waits for the next call), so following a log over a long run costs what was added.
struct LogTail {
    let file: URL
    private var offset: UInt64 = 0
    private var partial = Data()

    init(_ file: URL) { self.file = file }

    mutating func newLines() -> [Substring] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return []
        }
        offset += UInt64(data.count)
        partial.append(data)
        guard let lastNewline = partial.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = String(decoding: partial[..<lastNewline], as: UTF8.self)
        partial = Data(partial[partial.index(after: lastNewline)...])
        return complete.split(separator: "\n")
    }
}
