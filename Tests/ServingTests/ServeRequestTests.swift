import Foundation
import Testing

import RunConfiguration
@testable import Serving

/// Request bodies read as OpenAI reads them: the fields land where they should, and every mistake is a 400 with
/// OpenAI's message, parameter and code.
@Suite struct ServeRequestTests {
    func body(_ text: String) -> Data { Data(text.utf8) }

    @Test func aChatRequestReadsEveryField() throws {
        let request = try ServeRequest.chat(body("""
            {"model": "tao", "messages": [{"role": "system", "content": "Be brief."},
             {"role": "user", "content": [{"type": "text", "text": "2+"}, {"type": "text", "text": "2="}]}],
             "temperature": 0.5, "top_p": 0.9, "max_completion_tokens": 7, "n": 2, "stop": "\\n", "seed": -1,
             "stream": true, "stream_options": {"include_usage": true}, "metadata": {"task": "arithmetic", "team": "a"},
             "presence_penalty": 0, "user": "u1"}
            """))
        #expect(request.prompts == [.chat([.init(role: "system", content: "Be brief."), .init(role: "user", content: "2+2=")])])
        #expect(request.temperature == 0.5 && request.topP == 0.9 && request.maxTokens == 7 && request.n == 2)
        #expect(request.stop == ["\n"] && request.seed == UInt64.max && request.stream && request.includeUsage)
        #expect(request.task == "arithmetic" && request.metadata["team"] == "a")
    }

    @Test func aCompletionsRequestTakesOneOrSeveralPrompts() throws {
        #expect(try ServeRequest.completions(body(#"{"model": "m", "prompt": "1+1="}"#)).prompts == [.text("1+1=")])
        let several = try ServeRequest.completions(body(#"{"model": "m", "prompt": ["a", "b"], "max_tokens": 3}"#))
        #expect(several.prompts == [.text("a"), .text("b")] && several.maxTokens == 3)
        #expect(try ServeRequest.completions(body(#"{"model": "m", "prompt": "x"}"#)).maxTokens == 16, "OpenAI's default")
    }

    @Test func mistakesAreOpenAIErrors() {
        let cases: [(String, String, String?)] = [
            ("not json", "We could not parse the JSON body of your request.", nil),
            (#"[1]"#, "The request body must be a JSON object, not an array.", nil),
            (#"{"model": "tao"}"#, "Missing required parameter: 'messages'.", "messages"),
            (#"{"messages": [{"role": "user", "content": "x"}]}"#, "Missing required parameter: 'model'.", "model"),
            (#"{"model": "tao", "messages": []}"#, "Invalid 'messages': empty array.", "messages"),
            (#"{"model": "tao", "messages": [{"role": "robot", "content": "x"}]}"#, "Invalid value: 'robot'.", "messages[0].role"),
            (#"{"model": "tao", "messages": [{"role": "user"}]}"#, "Missing required parameter: 'messages[0].content'.", "messages[0].content"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "temperature": 3}"#,
             "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.", "temperature"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}"#,
             "Invalid type for 'temperature': expected a number, but got a string instead.", "temperature"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "n": 1.5}"#,
             "Invalid type for 'n': expected an integer, but got a decimal instead.", "n"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "stream": 1}"#,
             "Invalid type for 'stream': expected a boolean, but got an integer instead.", "stream"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "tools": []}"#,
             "Unrecognized request argument supplied: tools", "tools"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "logprobs": true}"#,
             "'logprobs' is not supported by this server", "logprobs"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "stream_options": {"include_usage": true}}"#,
             "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options"),
            (#"{"model": "tao", "messages": [{"role": "user", "content": "x"}], "stop": ["a", "b", "c", "d", "e"]}"#,
             "Invalid 'stop': array too long.", "stop"),
        ]
        for (text, message, param) in cases {
            do {
                _ = try ServeRequest.chat(body(text))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.status == 400, "\(text)")
                #expect(error.type == "invalid_request_error")
                #expect(error.message.hasPrefix(message), "\(text): \(error.message)")
                #expect(error.param == param, "\(text)")
            }
        }
    }

    @Test func anErrorBodyIsOpenAIsShape() throws {
        let json = try JSONSerialization.jsonObject(with: OpenAIError.missing("model").json) as? [String: [String: Any]]
        let error = try #require(json?["error"])
        #expect(error["message"] as? String == "Missing required parameter: 'model'.")
        #expect(error["type"] as? String == "invalid_request_error" && error["param"] as? String == "model")
        #expect(error["code"] as? String == "missing_required_parameter")
    }

    @Test func trafficSamplingAndRedaction() {
        let ids = (0..<2000).map { "chatcmpl-\($0)" }
        let kept = ids.filter { TrafficTap.sampled($0, rate: 0.25) }.count
        #expect((400...600).contains(kept), "about a quarter kept: \(kept)")
        #expect(ids.allSatisfy { TrafficTap.sampled($0, rate: 1) })
        #expect(!ids.contains { TrafficTap.sampled($0, rate: 0) })
        var settings = RunConfiguration().serve.traffic
        settings.redact = [#"\b[\w.]+@[\w.]+\b"#, #"\d{3}-\d{4}"#]
        let tap = TrafficTap(settings: settings, topic: "t.prompts")
        #expect(tap.redact("mail ann@example.com or call 555-1234") == "mail [redacted] or call [redacted]")
    }
}
