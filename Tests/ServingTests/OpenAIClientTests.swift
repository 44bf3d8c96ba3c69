import Foundation
import Kafka
import Messages
import ModelCatalog
import TestSupport
import Testing

/// `tao serve` on SmolLM2-135M-Instruct, driven by the official `openai` Python client: chat and completions,
/// streaming and not, `n` with a seed, the version header, OpenAI's errors for malformed requests — and every served
/// prompt on the run's prompts topic, redacted as configured.
@Suite(.serialized) struct OpenAIClientTests {
    struct Report: Decodable {
        struct Chat: Decodable {
            let version_header: String?
            let fingerprint: String?
            let object: String
            let content: String
            let role: String
            let finish_reason: String
            let usage: [String: Int]
        }
        struct Stream: Decodable {
            let content: String
            let chunks: Int
            let finish_reasons: [String]
            let usage: [String: Int]?
        }
        struct Several: Decodable {
            let indices: [Int]
            let contents: [String]
            let same_with_same_seed: Bool
        }
        struct Completions: Decodable {
            let object: String
            let texts: [String]
            let indices: [Int]
        }
        struct Failure: Decodable {
            let status: Int
            /// OpenAI's error object: `message`, `type`, `param`, `code`.
            let body: [String: String?]?
            var error: [String: String?] { body ?? [:] }
            var message: String { (error["message"] ?? nil) ?? "" }
        }
        let models: [String]
        let chat: Chat
        let stream_version_header: String?
        let stream_content_type: String?
        let stream: Stream
        let n3: Several
        let completions: Completions
        let completions_stream: String
        let errors: [String: Failure]
    }

    @Test func theOfficialClientGetsOpenAIsAnswersAndErrors() async throws {
        let model = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        try ServeProcess.requireOpenAIClient()
        let runId = "serve-\(UUID().uuidString.prefix(8))"
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [FleetTopics(runId: runId).prompts.name: 6])
        let server = try ServeProcess.start([
            "--model", model.path, "--follow", "none", "--port", "0", "--run-id", runId,
            "--kafka-bootstrap", kafka.configuration.bootstrapServers,
            "--set", #"serve.traffic.redact=["\\d{3}-\\d{4}"]"#,
        ])
        defer { server.stop() }
        let port = try await server.servePort()

        let (status, output) = try ServeProcess.python(["openai_client_check.py", String(port)])
        #expect(status == 0, "\(output)\n\(server.log)")
        guard status == 0, let line = output.split(separator: "\n").last else { return }
        let report = try JSONDecoder().decode(Report.self, from: Data(line.utf8))

        #expect(report.models == ["tao"])
        #expect(report.chat.version_header == "base" && report.chat.fingerprint == "tao-policy-base")
        #expect(report.chat.object == "chat.completion" && report.chat.role == "assistant")
        #expect(report.chat.content.contains("4"), "SmolLM2's greedy answer: \(report.chat.content)")
        #expect(report.chat.finish_reason == "stop")
        #expect(report.chat.usage["total_tokens"] == (report.chat.usage["prompt_tokens"] ?? 0) + (report.chat.usage["completion_tokens"] ?? 0))
        #expect(report.stream.content == report.chat.content, "the stream says what the whole answer says")
        #expect(report.stream.chunks >= 3 && report.stream.finish_reasons == ["stop"])
        #expect(report.stream.usage?["completion_tokens"] == report.chat.usage["completion_tokens"])
        #expect(report.stream_version_header == "base" && report.stream_content_type == "text/event-stream")
        #expect(report.n3.indices == [0, 1, 2] && report.n3.same_with_same_seed)
        #expect(Set(report.n3.contents).count > 1, "three samples differ: \(report.n3.contents)")
        #expect(report.completions.object == "text_completion" && report.completions.indices == [0, 1])
        #expect(report.completions_stream == report.completions.texts[1])

        let errors = report.errors
        #expect(errors["temperature"]?.status == 400 && errors["temperature"]?.error["param"] == "temperature")
        #expect(errors["model"]?.status == 404 && errors["model"]?.error["code"] == "model_not_found")
        #expect(errors["empty_messages"]?.status == 400)
        #expect(errors["too_many_tokens"]?.status == 400)
        #expect(errors["not_json"]?.status == 400 && errors["not_json"]?.message.contains("could not parse the JSON") == true)
        #expect(errors["no_messages"]?.message == "Missing required parameter: 'messages'.")
        #expect(errors["unknown_field"]?.message == "Unrecognized request argument supplied: tools")
        #expect(errors["route"]?.status == 404 && errors["route"]?.message == "Invalid URL (GET /v1/no/such/route)")

        // Every answered prompt reached the prompts topic: 1 chat + 1 stream + 2×n3 + 2 completions + 1 streamed.
        let prompts = try await ServeProcess.readPrompts(kafka, runId: runId, count: 7)
        let chat = try #require(prompts.first { $0.task == "arithmetic" }, "metadata.task names the task")
        #expect(chat.messages?.last?.content == "What is 2+2? Reply with the number only.")
        #expect(chat.metadata["team"] == "docs" && chat.metadata["source"] == "tao-serve")
        #expect(prompts.filter { $0.task == "chat" }.count == 6, "the rest get serve.traffic.task")
        #expect(Set(prompts.map(\.id)).count == 7)
        await kafka.shutdown()
    }

    @Test func aRedactedPromptLeavesWithoutTheSecretAndNothingWaitsOnADeadBroker() async throws {
        let model = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        let runId = "redact-\(UUID().uuidString.prefix(8))"
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [FleetTopics(runId: runId).prompts.name: 6])
        let server = try ServeProcess.start([
            "--model", model.path, "--follow", "none", "--port", "0", "--run-id", runId,
            "--kafka-bootstrap", kafka.configuration.bootstrapServers,
            "--set", #"serve.traffic.redact=["\\d{3}-\\d{4}", "[\\w.]+@[\\w.]+"]"#,
        ])
        defer { server.stop() }
        let port = try await server.servePort()
        let reply = try await ServeProcess.post(port: port, path: "/v1/completions", json: [
            "model": "tao", "prompt": "Call 555-1234 or mail ann@example.com about", "max_tokens": 2,
        ])
        #expect(reply.status == 200, "\(reply.body)")
        let prompt = try #require(try await ServeProcess.readPrompts(kafka, runId: runId, count: 1).first)
        #expect(prompt.text == "Call [redacted] or mail [redacted] about")
        await kafka.shutdown()

        // No broker at all and a buffer of 2: every request is answered, the overflow is counted as dropped.
        let offline = try ServeProcess.start([
            "--model", model.path, "--follow", "none", "--port", "0", "--kafka-bootstrap", "127.0.0.1:9",
            "--set", "serve.traffic.buffer=2",
        ])
        defer { offline.stop() }
        let offlinePort = try await offline.servePort()
        for _ in 0..<6 {
            let answer = try await ServeProcess.post(port: offlinePort, path: "/v1/completions", json: [
                "model": "tao", "prompt": "Hello", "max_tokens": 1,
            ])
            #expect(answer.status == 200, "\(answer.body)")
        }
        let metrics = try await ServeProcess.get(port: offlinePort, path: "/metrics").body
        let dropped = ServeProcess.metric(metrics, #"tao_serve_traffic_dropped_total{stage="serve",reason="buffer"}"#)
        #expect(ServeProcess.metric(metrics, #"tao_process_resident_bytes{stage="serve"}"#) > 100_000_000, "SmolLM2 is loaded")
        #expect(dropped >= 3, "6 prompts, at most 1 in flight and 2 buffered: \(dropped) dropped\n\(metrics)")
    }
}
