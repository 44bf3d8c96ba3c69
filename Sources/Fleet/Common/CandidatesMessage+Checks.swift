import Messages

/// Bounds on what a sampled token's log-probability can be. A sampled token's log p is ≤ 0; one below
/// `minRolloutLogProb` (p < e⁻⁴⁰) is no sample of any policy near ours, and as a rollout log-prob it would make the
/// importance ratio exp(policy − rollout) ≈ e⁴⁰ and the loss weights with it.
public enum RolloutLimits {
    public static let minRolloutLogProb: Float = -40
    /// Rounding slack above 0.
    public static let maxRolloutLogProb: Float = 1e-3
}

extension CandidatesMessage {
    /// Checks what every consumer of candidates relies on, where they arrive: a valid version and an id that
    /// names it, at least one sample, samples in order, a log-prob per token, every log-prob a possible one.
    /// Throws `UnusableRecord` saying which rule failed.
    public func check() throws {
        func fail(_ reason: String) -> UnusableRecord { UnusableRecord("candidates \(id.prefix(200))", reason) }
        guard policyVersion >= 0 else { throw fail("policyVersion \(policyVersion) is negative") }
        guard id == Self.id(promptID: prompt.id, policyVersion: policyVersion) else {
            throw fail("the id does not name prompt '\(prompt.id.prefix(200))' at policy v\(policyVersion)")
        }
        guard !samples.isEmpty else { throw fail("it has no samples") }
        for (position, sample) in samples.enumerated() {
            guard sample.index == position else {
                throw fail("sample \(position) has index \(sample.index): samples must be in order 0..<N")
            }
            guard sample.tokens.count == sample.rolloutLogProbs.count else {
                throw fail("sample \(position) has \(sample.tokens.count) tokens but \(sample.rolloutLogProbs.count) log-probs")
            }
            guard sample.tokens.allSatisfy({ $0 >= 0 }) else { throw fail("sample \(position) has a negative token id") }
            let range = RolloutLimits.minRolloutLogProb...RolloutLimits.maxRolloutLogProb
            if let bad = sample.rolloutLogProbs.firstIndex(where: { !range.contains($0) }) {
                throw fail("sample \(position)'s log-prob \(sample.rolloutLogProbs[bad]) at token \(bad) is not in "
                    + "[\(RolloutLimits.minRolloutLogProb), 0]: a sampled token's log-probability is finite and ≤ 0")
            }
        }
    }
}

extension RolloutMessage {
    /// The candidates' checks, plus: the rollout's id is its candidates', and one score in [0, 1] per sample.
    public func check() throws {
        try candidates.check()
        func fail(_ reason: String) -> UnusableRecord { UnusableRecord("rollout \(id.prefix(200))", reason) }
        guard id == candidates.id else { throw fail("its id differs from its candidates' id \(candidates.id.prefix(200))") }
        guard scores.count == candidates.samples.count else {
            throw fail("\(candidates.samples.count) samples but \(scores.count) scores")
        }
        if let bad = scores.firstIndex(where: { !(0...1).contains($0.total) }) {
            throw fail("score \(bad) is \(scores[bad].total): rewards must be finite and in [0, 1]")
        }
    }
}
