import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPScoring
import Testing

/// The documented schemas describe the real traffic: the request bodies the scorer sends and the responses the fault
/// server and the example service give pass check-jsonschema, and answers the scorer refuses do not.
@Suite struct SchemaTests {
    @Test func theRequestsTheScorerSendsMatchTheRequestSchema() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(name: "judge-1", options: .fast(server.url + "/ok", batchSize: 2))
            let example = try SchemaFiles.exampleExchange()
            _ = try await scorer.score(prompt: example.prompt, completions: example.completions)
            _ = try await scorer.score(prompt: .init(id: "p2", task: "sql", text: "Q: \"quoted\"\n", metadata: [:]),
                                       completions: ["SELECT 1;", "", "ünïcødé ✓\n\t"])
            let bodies = try await server.rawBodies()
            #expect(bodies.count == 4)
            let files = try SchemaFiles.write(bodies, named: "request") + [SchemaFiles.exampleRequest]
            let result = try await SchemaFiles.check(files, against: SchemaFiles.request)
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test func realAndExampleResponsesMatchTheResponseSchema() async throws {
        let request = try Data(contentsOf: SchemaFiles.exampleRequest)
        var bodies: [Data] = []
        try await withFaultServer { server in
            for path in ["/ok", "/candidate-error/1"] { bodies.append(try await Self.post(request, to: server.url + path)) }
        }
        let example = try await ScoringServiceProcess.example()
        defer { example.stop() }
        let answer = try await Self.post(request, to: example.url)
        bodies.append(answer)
        // The example exchange in the docs is what the example service really answers.
        let documented = try JSONSerialization.jsonObject(with: Data(contentsOf: SchemaFiles.exampleResponse)) as! NSDictionary
        #expect(try JSONSerialization.jsonObject(with: answer) as! NSDictionary == documented)

        let files = try SchemaFiles.write(bodies, named: "response") + [SchemaFiles.exampleResponse]
        let result = try await SchemaFiles.check(files, against: SchemaFiles.response)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func responsesOutsideTheContractFailTheSchema() async throws {
        let bodies = [
            #"{"scores": [{"score": 1.5}]}"#, #"{"scores": [{"score": "high"}]}"#, #"{"scores": [{"components": {}}]}"#,
            #"{"scores": [{"score": 0.5, "error": "both"}]}"#, #"{"results": []}"#,
            #"{"scores": [{"score": 0.5, "components": {"a": -1}}]}"#, #"{"scores": [{"error": ""}]}"#,
        ]
        let files = try SchemaFiles.write(bodies.map { Data($0.utf8) }, named: "bad-response")
        let result = try await SchemaFiles.check(files, against: SchemaFiles.response)
        #expect(result.status != 0)
        // One run for all: each file must be among those it reports.
        for (file, body) in zip(files, bodies) {
            #expect(result.output.contains(file.path + "::"), "accepted \(body)")
        }
    }

    static func post(_ body: Data, to url: String) async throws -> Data {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return data
    }
}
