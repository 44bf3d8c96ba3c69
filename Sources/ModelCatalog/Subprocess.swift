import Foundation

/// A child process run to completion, its output passed on line by line and its last lines kept for errors.
enum Subprocess {
    struct Result {
        let status: Int32
        /// The last lines of stdout and stderr, merged.
        let tail: String
    }

    /// Runs `arguments` (the first found on PATH). Blocking.
    static func run(_ arguments: [String], log: (String) -> Void) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ModelFetchError.toolMissing(tool: arguments[0])
        }
        var lines: [String] = []
        var pending = Data()
        let reader = pipe.fileHandleForReading
        while case let chunk = reader.availableData, !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                log(line)
                lines.append(line)
                if lines.count > 20 { lines.removeFirst() }
            }
        }
        if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        if process.terminationReason == .exit, process.terminationStatus == 127 {
            throw ModelFetchError.toolMissing(tool: arguments[0])
        }
        return Result(status: process.terminationStatus, tail: lines.joined(separator: "\n"))
    }
}
