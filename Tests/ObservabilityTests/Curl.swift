import Foundation

/// A real, independent HTTP client for the tests: the `curl` binary, run as a child process.
///
/// The blocking wait for curl happens on a Dispatch queue, never on the cooperative pool.
struct Curl {
    /// One HTTP response as curl received it.
    struct Response {
        var status: Int
        /// Header names lower-cased.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var exitCode: Int32
        var stderr: String
        var description: String { "curl exited \(exitCode): \(stderr)" }
    }

    /// Runs `curl -sS <arguments>` with a 5 s limit and returns its exit code, stdout and stderr.
    ///
    /// Output goes to temporary files and the process's termination handler resumes the caller, so no thread waits
    /// on curl: on Linux the cooperative pool and Dispatch's global queues share threads, and blocking them would
    /// starve the very server under test.
    static func run(_ arguments: [String]) async throws -> (code: Int32, stdout: String, stderr: String) {
        let directory = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent("curl-\(id).out")
        let errURL = directory.appendingPathComponent("curl-\(id).err")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--max-time", "5"] + arguments
        process.standardOutput = out
        process.standardError = err
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return (
            code, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    /// Requests `path` from the server on 127.0.0.1:`port`; `extra` are further curl options (`-X POST`, `-I`, …).
    static func request(_ path: String, port: Int, _ extra: [String] = []) async throws -> Response {
        let (code, stdout, stderr) = try await run(["-i"] + extra + ["http://127.0.0.1:\(port)\(path)"])
        guard code == 0 else { throw Failure(exitCode: code, stderr: stderr) }
        return parse(stdout)
    }

    /// Splits curl's `-i` output (status line, headers, blank line, body) into a ``Response``.
    static func parse(_ raw: String) -> Response {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let headLines = parts[0].components(separatedBy: "\r\n")
        let status = Int(headLines[0].split(separator: " ")[1]) ?? -1
        var headers: [String: String] = [:]
        for line in headLines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
