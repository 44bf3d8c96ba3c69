import Foundation

/// Why an `HTTPScorer` call failed: what happened, and what to do. URLs are shown without user, password or query;
/// header values and tokens never appear.
///
/// Thrown only when no `fallback` is configured (or for `candidateFailed`, when the service refused one candidate
/// and there is no fallback). The scorer stage then dead-letters the record with this description as the reason.
public enum HTTPScorerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every attempt took longer than `timeout` (the whole exchange, body included).
    case timedOut(url: String, timeout: Duration, attempts: Int)
    /// The connection could not be made or broke (refused, reset, closed mid-response).
    case connectionFailed(url: String, detail: String, attempts: Int)
    /// HTTP 429 on every attempt.
    case rateLimited(url: String, attempts: Int)
    /// An HTTP 4xx other than 429: the request was refused and is not retried.
    case rejected(url: String, status: Int, body: String)
    /// An HTTP 5xx (or other non-2xx) on every attempt.
    case serverError(url: String, status: Int, body: String, attempts: Int)
    /// A 2xx whose body is not the response schema (not JSON, not an object with `scores`, an entry of neither shape).
    case malformedResponse(url: String, detail: String, body: String)
    /// A 2xx with a different number of entries than candidates sent.
    case wrongCount(url: String, expected: Int, got: Int)
    /// An entry whose `score` or a component is not a finite number in [0, 1]; `index` is the candidate's in the group.
    case invalidScore(url: String, index: Int, detail: String)
    /// The service answered `{"error": reason}` for the candidate at `index` (in the group).
    case candidateFailed(url: String, index: Int, reason: String)
    /// The circuit breaker is open after `failures` consecutive failed requests; nothing was sent.
    case circuitOpen(url: String, failures: Int, retryIn: Duration)
    /// No request slot came free before the call's deadline: `limit` requests were in flight the whole time.
    case overloaded(url: String, limit: Int, waited: Duration)

    /// A name per case, for `HTTPScorer.Statistics.failures`.
    public var kind: Kind {
        switch self {
        case .timedOut: .timedOut
        case .connectionFailed: .connectionFailed
        case .rateLimited: .rateLimited
        case .rejected: .rejected
        case .serverError: .serverError
        case .malformedResponse: .malformedResponse
        case .wrongCount: .wrongCount
        case .invalidScore: .invalidScore
        case .candidateFailed: .candidateFailed
        case .circuitOpen: .circuitOpen
        case .overloaded: .overloaded
        }
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case timedOut, connectionFailed, rateLimited, rejected, serverError, malformedResponse, wrongCount
        case invalidScore, candidateFailed, circuitOpen, overloaded
    }

    public var description: String {
        switch self {
        case .timedOut(let url, let timeout, let attempts):
            return "scoring service \(url) did not answer within \(timeout) (\(Self.attempts(attempts))); check that it is up and "
                + "fast enough, or raise the http scorer's timeout"
        case .connectionFailed(let url, let detail, let attempts):
            return "could not reach scoring service \(url) (\(Self.attempts(attempts))): \(detail); check the URL and that the "
                + "service is running and reachable"
        case .rateLimited(let url, let attempts):
            return "scoring service \(url) answered 429 Too Many Requests (\(Self.attempts(attempts))); lower "
                + "maxConcurrentRequests or raise the service's limit"
        case .rejected(let url, let status, let body):
            return "scoring service \(url) refused the request with HTTP \(status)\(Self.quote(body)); not retried: "
                + (status == 401 || status == 403
                    ? "check the token (bearerTokenEnv) or headers" : "check that the service speaks tao.score-request/1")
        case .serverError(let url, let status, let body, let attempts):
            return "scoring service \(url) failed with HTTP \(status)\(Self.quote(body)) (\(Self.attempts(attempts))); see "
                + "the service's logs"
        case .malformedResponse(let url, let detail, let body):
            return "scoring service \(url) sent a response that is not tao score-response/1: \(detail)\(Self.quote(body)); "
                + "fix the service (see docs/schemas/score-response.schema.json)"
        case .wrongCount(let url, let expected, let got):
            return "scoring service \(url) returned \(got) scores for \(expected) candidates; it must return one entry per "
                + "candidate, in order"
        case .invalidScore(let url, let index, let detail):
            return "scoring service \(url) sent an invalid score for candidate \(index): \(detail); scores must be finite "
                + "numbers in [0, 1]"
        case .candidateFailed(let url, let index, let reason):
            return "scoring service \(url) could not score candidate \(index): \(reason)\(Self.noFallback)"
        case .circuitOpen(let url, let failures, let retryIn):
            return "scoring service \(url) failed \(failures) times in a row, so the circuit breaker is open for another "
                + "\(retryIn); nothing was sent\(Self.noFallback)"
        case .overloaded(let url, let limit, let waited):
            return "all \(limit) request slots for scoring service \(url) stayed busy for \(waited); raise "
                + "maxConcurrentRequests, speed up or scale the service"
        }
    }

    private static let noFallback = " (set the http scorer's fallback to score such candidates instead of failing)"

    private static func attempts(_ count: Int) -> String { count == 1 ? "1 attempt" : "\(count) attempts" }

    private static func quote(_ body: String) -> String { body.isEmpty ? "" : ": \"\(body)\"" }

    /// At most 200 characters of a service's body, on one line, for an error message.
    static func excerpt(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(400), as: UTF8.self)
            .map { $0.isNewline ? " " : $0 }
        let line = String(text).trimmingCharacters(in: .whitespaces)
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
