import Foundation
import TestSupport

/// A child process whose output goes to a file, read back as lines.
final class ChildLog: @unchecked Sendable {
    let process = Process()
    let file: URL

    init(executable: URL, arguments: [String], directory: URL, name: String) throws {
        file = directory.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = ServeProcess.fixtures
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    static func tao(_ arguments: [String], in directory: URL, name: String) throws -> ChildLog {
        try ChildLog(executable: try TaoExecutable.url(), arguments: arguments, directory: directory, name: name)
    }

    static func python(_ arguments: [String], in directory: URL, name: String) throws -> ChildLog {
        try ChildLog(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3"] + arguments,
                     directory: directory, name: name)
    }

    var log: String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }
    var lines: [String] { log.split(separator: "\n").map(String.init) }

    func waitForLine(_ matches: @escaping (String) -> Bool) async throws -> String {
        var found: String?
        try await eventually("a line from \(file.lastPathComponent)", within: .seconds(240), polling: .milliseconds(100)) {
            found = lines.first(where: matches)
            if found == nil, !process.isRunning { throw ServeProcessError.exited(log) }
            return found != nil
        }
        return found!
    }

    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
    }
}

extension ChildLog {
    /// The port `tao serve` printed in its first line, once it listens (`serve.port` 0 picks a free one).
    func servePort() async throws -> Int {
        let line = try await waitForLine { $0.hasPrefix("tao serve: listening on http://") }
        return Int(line.split(separator: " ")[4].split(separator: ":").last!)!
    }
}
