import AsyncHTTPClient
import Foundation
import Scoring

extension ScorerRegistry {
    /// Adds the HTTP scorer under `name` (default `"http"`), usable in a scorer configuration like any built-in
    /// (`"http"`, `"verifier+0.5*http"`). It scores every task: the service gets the task's name with each prompt.
    ///
    /// One `HTTPScorer` is made now and shared by every task and call, so its request slots, breaker and statistics
    /// cover the whole process; it is returned so the caller can read its statistics.
    /// - Throws: `HTTPScorerOptionsError` for a bad name or option, before any request is sent.
    @discardableResult
    public mutating func registerHTTP(
        name: String = "http", options: HTTPScorerOptions, client: HTTPClient = HTTPScorer.defaultClient,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(HTTPScorerOptionsError) -> HTTPScorer {
        let scorer = try HTTPScorer(name: name, options: options, client: client, environment: environment)
        register(name) { _ in scorer }
        return scorer
    }
}
