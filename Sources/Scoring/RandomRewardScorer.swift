import Deterministic
import Tasks

/// A control, not a scorer to tune with: each completion's reward is a fair coin (0 or 1), whatever it says.
///
/// Published work finds that GRPO can lift some models even under random rewards, through its clipping bias
/// toward what the policy already prefers; an experiment that credits its scorer for a gain must show that this
/// arm gains less. The coin is a hash of the seed, the prompt id, the completion's index in its group and its
/// text (mixed), so a redelivered group gets the same rewards (the fleet's idempotence) and two runs with one seed
/// agree.
public struct RandomRewardScorer: Scorer {
    public let name = "random"
    public let seed: UInt64

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        completions.enumerated().map { index, completion in
            // FNV's low bits are the bytes' parity; SplitMix64's output mixes every bit of its seed.
            var mix = SplitMix64(seed: FNV1a.hash64("\(seed)|\(prompt.id)|\(index)|\(completion)"))
            let coin: Double = mix.next() >> 63 == 1 ? 1 : 0
            return Score(total: coin, components: ["coin": coin])
        }
    }
}
