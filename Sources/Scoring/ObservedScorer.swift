import Tasks

/// One call of one scorer, for metrics: how long it took, and the scores it gave or the error it threw.
public struct ScorerObservation: Sendable {
    public var scorer: String
    public var seconds: Double
    /// The candidates' totals; empty when the call threw.
    public var scores: [Double]
    /// Why the call failed, when it did.
    public var error: String?
}

/// A scorer that reports every call of the scorer it wraps — latency, scores or error — and otherwise changes
/// nothing. ``ScorerRegistry/observed(by:)`` wraps every term of every scorer it builds, so a weighted sum reports
/// each of its scorers under its own name.
public struct ObservedScorer: Scorer {
    public let inner: any Scorer
    public let observe: @Sendable (ScorerObservation) -> Void
    public var name: String { inner.name }

    public init(_ inner: any Scorer, observe: @escaping @Sendable (ScorerObservation) -> Void) {
        self.inner = inner
        self.observe = observe
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let started = ContinuousClock.now
        func seconds() -> Double {
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        do {
            let scores = try await inner.score(prompt: prompt, completions: completions)
            observe(ScorerObservation(scorer: name, seconds: seconds(), scores: scores.map(\.total)))
            return scores
        } catch {
            observe(ScorerObservation(scorer: name, seconds: seconds(), scores: [], error: "\(error)"))
            throw error
        }
    }
}

extension ScorerRegistry {
    /// This registry with every built scorer wrapped in an ``ObservedScorer`` that reports to `observe`.
    public func observed(by observe: @escaping @Sendable (ScorerObservation) -> Void) -> ScorerRegistry {
        var registry = ScorerRegistry()
        for name in names {
            let builder = self.builder(name)!
            registry.register(name) { task in ObservedScorer(try builder(task), observe: observe) }
        }
        return registry
    }
}
