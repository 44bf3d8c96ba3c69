import Scoring
import Tasks

extension HTTPScorer {
    /// Scores one batch: asks the breaker, sends (with retries), tells the breaker how it went, and turns failures
    /// and refused candidates into the fallback or an error.
    func scoreBatch(prompt: TaskPrompt, completions: ArraySlice<String>, deadline: ContinuousClock.Instant)
        async throws -> [Score]
    {
        let indices = completions.startIndex..<completions.endIndex
        let trial: Bool
        switch breaker.admit() {
        case .admitted(let isTrial): trial = isTrial
        case .refused(let retryIn):
            recorder.failed(.circuitOpen)
            return try fallback(
                count: indices.count,
                or: .circuitOpen(url: displayURL, failures: breaker.threshold, retryIn: retryIn))
        }
        let entries: [ScoreResponse.Entry]
        do {
            let body = try ScoreRequest(scorer: name, prompt: prompt, completions: completions).encoded()
            entries = try await send(body, indices: indices, deadline: deadline)
            breaker.succeeded(trial: trial)
        } catch let error as HTTPScorerError {
            // No free slot is this process's congestion, not the service's failure: no verdict for the breaker.
            if error.kind == .overloaded {
                breaker.abandoned(trial: trial)
            } else if breaker.failed(trial: trial) {
                recorder.update { $0.breakerOpenings += 1 }
            }
            return try fallback(count: indices.count, or: error)
        } catch {
            breaker.abandoned(trial: trial)
            throw error
        }
        return try zip(indices, entries).map { index, entry in
            switch entry {
            case .score(let score): return score
            case .error(let reason):
                recorder.failed(.candidateFailed)
                return try fallback(count: 1, or: .candidateFailed(url: displayURL, index: index, reason: reason))[0]
            }
        }
    }

    /// `count` fallback scores, or `error` thrown when there is no fallback.
    func fallback(count: Int, or error: HTTPScorerError) throws(HTTPScorerError) -> [Score] {
        guard let value = options.fallback else { throw error }
        recorder.update { $0.fallbacks += count }
        return Array(repeating: Score(total: value, components: ["fallback": 1]), count: count)
    }
}
