import Foundation
import Scoring
import Tasks

/// docs/schemas: the JSON Schemas, the example exchange, and check-jsonschema to hold files against them.
enum SchemaFiles {
    static let directory = ScoringServiceProcess.repository.appendingPathComponent("docs/schemas")
    static let request = directory.appendingPathComponent("score-request.schema.json")
    static let response = directory.appendingPathComponent("score-response.schema.json")
    static let exampleRequest = directory.appendingPathComponent("examples/score-request.example.json")
    static let exampleResponse = directory.appendingPathComponent("examples/score-response.example.json")

    /// The example exchange as Swift values: the prompt and completions it sends, the scores it gets back.
    static func exampleExchange() throws -> (prompt: TaskPrompt, completions: [String], scores: [Score]) {
        struct Request: Decodable {
            struct Candidate: Decodable { let text: String }
            let prompt: TaskPrompt
            let candidates: [Candidate]
        }
        struct Response: Decodable {
            struct Entry: Decodable { let score: Double; let components: [String: Double] }
            let scores: [Entry]
        }
        let request = try JSONDecoder().decode(Request.self, from: Data(contentsOf: exampleRequest))
        let response = try JSONDecoder().decode(Response.self, from: Data(contentsOf: exampleResponse))
        return (request.prompt, request.candidates.map(\.text),
                response.scores.map { Score(total: $0.score, components: $0.components) })
    }

    /// Runs `check-jsonschema --schemafile schema files…`: its exit status and what it printed. Not installed is a
    /// failure, not a skip: scripts/setup.sh installs it.
    static func check(_ files: [URL], against schema: URL) async throws -> (status: Int32, output: String) {
        try await offThePool { try run(files, against: schema) }
    }

    private static func run(_ files: [URL], against schema: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["check-jsonschema", "--schemafile", schema.path] + files.map(\.path)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw Missing()
        }
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "check-jsonschema is not installed; run scripts/setup.sh" }
    }

    /// Writes each body to a file of its own in a fresh temporary directory.
    static func write(_ bodies: [Data], named prefix: String) throws -> [URL] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tao-http-scoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try bodies.enumerated().map { number, body in
            let file = folder.appendingPathComponent("\(prefix)-\(number).json")
            try body.write(to: file)
            return file
        }
    }
}
