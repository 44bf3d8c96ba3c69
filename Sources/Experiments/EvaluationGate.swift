import Evaluation
import Fleet
import Tuning

/// Decides whether a tuned policy may replace its base: its dev accuracy must not have fallen.
///
/// The reward a run optimises is not the accuracy users get. A label-free scorer (majority vote, agreement) can
/// reward a weak base for agreeing with itself while it gets worse; the gate measures greedy pass@1 on a labeled dev
/// split — never the evaluation split — and refuses a policy whose accuracy fell more than ``tolerance`` below the
/// base's, naming the case where the reward rose meanwhile.
public struct EvaluationGate: Sendable, Equatable, Codable {
    /// Largest accepted drop in dev pass@1 (absolute; 0.02 = 2 points), to allow for measurement noise.
    public var tolerance: Double

    public init(tolerance: Double = 0.02) {
        precondition(tolerance >= 0, "the gate's tolerance is a non-negative fraction")
        self.tolerance = tolerance
    }

    public struct Verdict: Sendable, Equatable, Codable {
        public var promote: Bool
        /// Why, in a sentence with the numbers.
        public var reason: String
        /// The first snapshot whose dev accuracy fell past the tolerance, if any.
        public var firstFailingVersion: Int?
    }

    /// - Parameters:
    ///   - baseDevPassAt1: the base's greedy pass@1 on the dev split.
    ///   - versions: the run's snapshots, oldest first; the last is the candidate.
    public func judge(baseDevPassAt1: Double, versions: [VersionPoint]) -> Verdict {
        guard let candidate = versions.last else {
            return Verdict(promote: false, reason: "no policy version was measured", firstFailingVersion: nil)
        }
        let floor = baseDevPassAt1 - tolerance
        let firstFailing = versions.first { $0.devPassAt1 < floor }?.version
        let rewards = versions.compactMap(\.meanReward)
        let rewardRose = rewards.count >= 2 && rewards.last! > rewards.first!
        let percent = EvaluationReport.percent
        let dev = "dev pass@1 \(percent(baseDevPassAt1)) → \(percent(candidate.devPassAt1))"
        if candidate.devPassAt1 >= floor {
            return Verdict(
                promote: true,
                reason: "v\(candidate.version): \(dev), within \(percent(tolerance)) of the base or better",
                firstFailingVersion: firstFailing)
        }
        let reward = rewardRose
            ? String(format: " while the reward rose %.3f → %.3f: the scorer rewards something other than correctness "
                + "(audit it: MajorityVoteAudit, docs/scoring.md)", rewards.first!, rewards.last!)
            : ""
        return Verdict(
            promote: false, reason: "v\(candidate.version) refused: \(dev)\(reward); keep the base",
            firstFailingVersion: firstFailing)
    }
}
