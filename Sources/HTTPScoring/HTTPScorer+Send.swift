import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPScorer {
    /// The largest response body read; a bigger one is a malformed response.
    static let maxResponseBytes = 16 << 20

    /// What one attempt came to, before it is judged.
    enum Attempt: Sendable {
        case answered(status: Int, headers: HTTPHeaders, body: [UInt8])
        case timedOut
        case connectionFailed(String)
        case tooLarge
    }

    /// Sends one batch's `body`, holding a request slot per attempt, and retries what may pass (timeout, connection
    /// failure, 5xx, 429) with full-jitter backoff, never past `deadline`.
    /// - Returns: the response's entries for the candidates at `indices`.
    /// - Throws: `HTTPScorerError` (the last attempt's failure), or `CancellationError`.
    func send(_ body: [UInt8], indices: Range<Int>, deadline: ContinuousClock.Instant) async throws
        -> [ScoreResponse.Entry]
    {
        let clock = ContinuousClock()
        let backoff = Backoff(options: options)
        let timeout = Duration.seconds(options.timeout)
        var generator = SystemRandomNumberGenerator()
        let queued = clock.now
        var attempt = 0
        var lastError: HTTPScorerError?
        while true {
            attempt += 1
            let acquired = try await slots.acquire(before: deadline)
            let sent = clock.now
            // The attempt gets what is left of the call's time, and none at all is not worth a request.
            let budget = min(timeout, deadline - sent)
            guard acquired, budget > .zero else {
                if acquired { slots.release() }
                if let lastError { throw lastError }
                recorder.failed(.overloaded)
                throw HTTPScorerError.overloaded(url: displayURL, limit: slots.limit, waited: sent - queued)
            }
            recorder.update { $0.requests += 1 }
            let outcome: Attempt
            do {
                defer { slots.release() }
                outcome = try await exchange(body, timeout: budget)
            }
            recorder.update {
                $0.latencySeconds += Self.seconds(clock.now - sent)
                $0.latencyCount += 1
            }
            let error: HTTPScorerError
            var retryAfter: Double?
            switch outcome {
            case .answered(let status, _, let body) where (200..<300).contains(status):
                do {
                    return try ScoreResponse.parse(body, indices: indices, url: displayURL)
                } catch let parseError {
                    recorder.failed(parseError.kind)
                    throw parseError
                }
            case .answered(429, let headers, _):
                error = .rateLimited(url: displayURL, attempts: attempt)
                retryAfter = headers.first(name: "Retry-After").flatMap { Double($0) }
            case .answered(let status, _, let body) where (400..<500).contains(status):
                recorder.failed(.rejected)
                throw HTTPScorerError.rejected(url: displayURL, status: status, body: HTTPScorerError.excerpt(body))
            case .answered(let status, _, let body):
                error = .serverError(url: displayURL, status: status, body: HTTPScorerError.excerpt(body), attempts: attempt)
                guard status >= 500 else {
                    recorder.failed(error.kind)
                    throw error
                }
            case .timedOut:
                error = .timedOut(url: displayURL, timeout: timeout, attempts: attempt)
            case .connectionFailed(let detail):
                error = .connectionFailed(url: displayURL, detail: detail, attempts: attempt)
            case .tooLarge:
                let failure = HTTPScorerError.malformedResponse(
                    url: displayURL, detail: "the body is larger than \(Self.maxResponseBytes >> 20) MiB", body: "")
                recorder.failed(failure.kind)
                throw failure
            }
            recorder.failed(error.kind)
            lastError = error
            let wait = backoff.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator)
            guard attempt <= options.retries, clock.now + wait < deadline else { throw error }
            recorder.update { $0.retries += 1 }
            try await Task.sleep(for: wait)
        }
    }

    /// One POST, the response's body read to the end, within `timeout` for the whole exchange. The client's own
    /// deadline stops at the response head, so a timer races the exchange and cancels it.
    /// - Throws: only `CancellationError`.
    func exchange(_ body: [UInt8], timeout: Duration) async throws -> Attempt {
        guard timeout > .zero else { return .timedOut }
        let request = {
            var request = HTTPClientRequest(url: options.url)
            request.method = .POST
            request.headers = headers
            request.body = .bytes(ByteBuffer(bytes: body))
            return request
        }()
        let client = self.client
        let amount = TimeAmount.nanoseconds(Int64(Self.seconds(timeout) * 1e9))
        return try await withThrowingTaskGroup(of: Attempt?.self) { group in
            group.addTask {
                do {
                    let response = try await client.execute(request, timeout: amount)
                    let bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
                    return .answered(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
                } catch let error as HTTPClientError
                    where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
                {
                    return .timedOut
                } catch is NIOTooManyBytesError {
                    return .tooLarge
                } catch let error as IOError where !Task.isCancelled {
                    // NIO's wording ("connection reset (error set): Connection refused) (errno: 111)") says less.
                    return .connectionFailed(String(cString: strerror(error.errnoCode)).lowercased())
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    return .connectionFailed(String(describing: error))
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next()! ?? .timedOut
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
