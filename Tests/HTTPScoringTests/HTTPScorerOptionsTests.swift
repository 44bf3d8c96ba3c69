import Foundation
@testable import HTTPScoring
import Testing

/// Options: defaults for every key but the URL, and a clear error for each bad value.
@Suite struct HTTPScorerOptionsTests {
    @Test func onlyTheURLIsRequired() throws {
        let decoded = try JSONDecoder().decode(HTTPScorerOptions.self, from: Data(#"{"url": "http://127.0.0.1:8808/score"}"#.utf8))
        #expect(decoded == HTTPScorerOptions(url: "http://127.0.0.1:8808/score"))
        #expect(decoded.timeout == 10 && decoded.retries == 3 && decoded.fallback == nil && decoded.batchSize == 32)
        var custom = decoded
        custom.fallback = 0
        custom.headers = ["X-Team": "search"]
        custom.bearerTokenEnv = "TOKEN"
        #expect(try JSONDecoder().decode(HTTPScorerOptions.self, from: JSONEncoder().encode(custom)) == custom)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HTTPScorerOptions.self, from: Data("{}".utf8)) }
    }

    @Test(arguments: [
        (HTTPScorerOptions(url: "ftp://host/score"), "url", "not an http(s) URL"),
        (HTTPScorerOptions(url: "scorer:8080"), "url", "not an http(s) URL"),
        (HTTPScorerOptions(url: "http://h/s", timeout: 0), "timeout", "positive number of seconds"),
        (HTTPScorerOptions(url: "http://h/s", timeout: .nan), "timeout", "positive number of seconds"),
        (HTTPScorerOptions(url: "http://h/s", retries: -1), "retries", "0...20"),
        (HTTPScorerOptions(url: "http://h/s", backoffBase: 1, backoffMax: 0.5), "backoffMax", "below backoffBase"),
        (HTTPScorerOptions(url: "http://h/s", maxConcurrentRequests: 0), "maxConcurrentRequests", "at least 1"),
        (HTTPScorerOptions(url: "http://h/s", batchSize: 0), "batchSize", "at least 1"),
        (HTTPScorerOptions(url: "http://h/s", breakerThreshold: 0), "breakerThreshold", "at least 1"),
        (HTTPScorerOptions(url: "http://h/s", breakerCooldown: -1), "breakerCooldown", "positive number"),
        (HTTPScorerOptions(url: "http://h/s", fallback: 1.5), "fallback", "not a score in [0, 1]"),
        (HTTPScorerOptions(url: "http://h/s", headers: ["Bad Name": "x"]), "headers", "not a valid header name"),
        (HTTPScorerOptions(url: "http://h/s", headers: ["X-Key": "a\r\nInjected: 1"]), "headers", "line break"),
        (HTTPScorerOptions(url: "http://h/s", headers: ["Authorization": "x"], bearerTokenEnv: "T"), "headers", "keep one"),
        (HTTPScorerOptions(url: "http://h/s", bearerTokenEnv: "TAO_UNSET_TOKEN"), "bearerTokenEnv", "TAO_UNSET_TOKEN is not set"),
    ])
    func aBadValueSaysWhatIsWrong(options: HTTPScorerOptions, field: String, problem: String) {
        #expect {
            try options.validate(environment: ["T": "token"])
        } throws: { error in
            guard let error = error as? HTTPScorerOptionsError else { return false }
            return error.field == field && error.problem.contains(problem) && error.description.hasPrefix("http scorer option '\(field)'")
        }
    }

    @Test func secretsStayOutOfMessages() {
        let options = HTTPScorerOptions(url: "https://user:pa55@scorer.example/score?key=k3y", headers: ["X-Key": "hidden\n"])
        #expect(Endpoint.redact(options.url) == "https://scorer.example/score")
        #expect(!"\(options)".contains("pa55") && !"\(options)".contains("k3y") && !"\(options)".contains("hidden"))
        #expect(throws: HTTPScorerOptionsError.self) { try options.validate() }
        do { try options.validate() } catch { #expect(!error.description.contains("hidden")) }
        #expect(throws: HTTPScorerOptionsError.self) { try HTTPScorer(name: "has space", options: HTTPScorerOptions(url: "http://h/s")) }
    }

    @Test func theCallBoundIsEveryTimeoutPlusTheLongestBackoffs() {
        let options = HTTPScorerOptions(url: "http://h/s", timeout: 1, retries: 3, backoffBase: 0.1, backoffMax: 0.15)
        #expect(options.callBound == .seconds(4.0 + 0.1 + 0.15 + 0.15))
    }

    @Test func backoffIsFullJitterUnderAnExponentialCap() {
        let backoff = Backoff(options: HTTPScorerOptions(url: "http://h/s", backoffBase: 0.1, backoffMax: 0.5))
        #expect((1...5).map { backoff.cap(beforeRetry: $0) } == [0.1, 0.2, 0.4, 0.5, 0.5])
        var generator = SystemRandomNumberGenerator()
        let waits = (0..<200).map { _ in backoff.delay(beforeRetry: 3, using: &generator) }
        #expect(waits.allSatisfy { $0 >= .zero && $0 <= .seconds(0.4) })
        #expect(Set(waits).count > 100)  // jittered, not one fixed wait
        #expect(backoff.delay(beforeRetry: 1, retryAfter: 2, using: &generator) == .seconds(0.5))
        #expect(backoff.delay(beforeRetry: 1, retryAfter: 0.3, using: &generator) == .seconds(0.3))
    }
}
