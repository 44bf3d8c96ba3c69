import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
import Messages
import TestSupport
import Testing

/// `tao serve` as a child process of a test, and what the tests do around it: call it over HTTP, run the Python
/// client beside it, read the prompts it wrote.
enum ServeProcess {
    /// `tao serve` with `arguments`, its output in a log file of its own; wait for its port with `servePort()`.
    static func start(_ arguments: [String]) throws -> ChildLog {
        try ChildLog.tao(["serve"] + arguments, in: FileManager.default.temporaryDirectory, name: "tao-serve-\(UUID())")
    }

    // MARK: Python

    static var fixtures: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    static func requireOpenAIClient() throws {
        let (status, output) = try python(["-c", "import openai"])
        try #require(status == 0, "the official openai client is not installed (scripts/setup.sh installs it): \(output)")
    }

    static func python(_ arguments: [String]) throws -> (Int32, String) {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3"] + arguments
        python.currentDirectoryURL = fixtures
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        return (python.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    // MARK: HTTP

    static func post(port: Int, path: String, json: [String: Any]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        request.timeoutInterval = 120
        return try await send(request)
    }

    static func get(port: Int, path: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 30
        return try await send(request)
    }

    private static func send(_ request: URLRequest) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of one series in a Prometheus exposition (0 if absent).
    static func metric(_ exposition: String, _ series: String) -> Double {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    // MARK: Kafka

    /// The first `count` prompts on `<run>.prompts`, waiting for them with a deadline.
    static func readPrompts(_ kafka: EmbeddedKafka, runId: String, count: Int) async throws -> [PromptMessage] {
        let reader = try kafka.reader(topics: [FleetTopics(runId: runId).prompts.name])
        var prompts: [PromptMessage] = []
        let deadline = ContinuousClock.now + .seconds(60)
        for try await message in reader.messages {
            prompts.append(try WireCodec.decode(PromptMessage.self, from: message.value))
            if prompts.count >= count || ContinuousClock.now > deadline { break }
        }
        try await reader.close()
        #expect(prompts.count == count, "\(prompts.count) of \(count) prompts arrived")
        return prompts
    }
}

enum ServeProcessError: Error, CustomStringConvertible {
    case exited(String)
    var description: String {
        switch self { case .exited(let log): "the process exited:\n\(log)" }
    }
}
