import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Python scoring service as a child process on a loopback port: the fault server (Fixtures/fault_server.py) or
/// the example users copy (scripts/examples/http_scorer_server.py). It prints its URL once it listens; `stop()` kills
/// it (its handler threads may be sleeping in a fault, so SIGKILL).
final class ScoringServiceProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT` (fault server) or `http://127.0.0.1:PORT/score` (example server).
    let url: String
    private let process = Process()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The fault server; POST to `url + "/MODE/…"` picks the fault.
    static func faults() async throws -> ScoringServiceProcess {
        try await offThePool {
            try ScoringServiceProcess(script: fixtures.appendingPathComponent("fault_server.py"), arguments: [])
        }
    }

    /// The example scoring service, on a free port.
    static func example(arguments: [String] = [], environment: [String: String] = [:]) async throws
        -> ScoringServiceProcess
    {
        try await offThePool {
            try ScoringServiceProcess(
                script: repository.appendingPathComponent("scripts/examples/http_scorer_server.py"),
                arguments: ["--port", "0"] + arguments, environment: environment)
        }
    }

    private init(script: URL, arguments: [String], environment: [String: String] = [:]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        try process.run()
        // The first line is printed once the socket listens: reading it is the readiness condition.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://") else {
            process.terminate()
            throw Exited(script: script.lastPathComponent, line: text)
        }
        url = String(text[start.lowerBound...])
    }

    struct Exited: Error, CustomStringConvertible {
        let script: String
        let line: String
        var description: String { "\(script) did not start (first line: '\(line)')" }
    }

    /// What the fault server saw, from `GET /_log`.
    struct Log: Decodable {
        struct Request: Decodable {
            let path: String
            let authorization: String?
            let body: Body
        }
        struct Body: Decodable {
            let scorer: String?
            let candidates: [Candidate]
        }
        struct Candidate: Decodable {
            let index: Int
            let text: String
        }
        let counts: [String: Int]
        let max_in_flight: [String: Int]
        let requests: [Request]
    }

    func log() async throws -> Log {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + "/_log")!)
        return try JSONDecoder().decode(Log.self, from: data)
    }

    /// Every request body received so far, as sent, in arrival order.
    func rawBodies() async throws -> [Data] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + "/_log")!)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return try (object["requests"] as! [[String: Any]]).map {
            try JSONSerialization.data(withJSONObject: $0["body"]!, options: [.sortedKeys])
        }
    }

    func requests(to path: String) async throws -> Int { try await log().counts[path] ?? 0 }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
