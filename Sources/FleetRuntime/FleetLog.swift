import Foundation
import Synchronization

/// One log file that several children write to, a line at a time, each line prefixed with its writer's name
/// (`[generator-1] …`), so interleaved output stays readable.
public final class FleetLog: Sendable {
    public let url: URL
    private let handle: Mutex<FileHandle?>

    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
    }

    public func write(_ line: String, from name: String) {
        let data = Data("[\(name)] \(line)\n".utf8)
        handle.withLock { $0?.write(data) }
    }

    public func close() {
        handle.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }
}
