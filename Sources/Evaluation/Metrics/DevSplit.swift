import Tasks

/// A labeled development split for tuning hyper-parameters without touching the evaluation split: training-side
/// items (never held out) that are not among the warm start's examples, so the base has not memorised them.
public enum DevSplit {
    /// The seed of the dev items' generator; warm starts and tuning prompts should use other seeds.
    public static let seed: UInt64 = 0xDE5

    /// Up to `count` distinct training-side examples not in `excluding`'s prompts.
    public static func examples(task: any TaskFamily, count: Int, excluding: [LabeledExample]) -> [LabeledExample] {
        let seen = Set(excluding.map(\.prompt.text))
        var texts: Set<String> = []
        var result: [LabeledExample] = []
        for example in task.labeled(count: count * 4, seed: seed) where !seen.contains(example.prompt.text) {
            guard texts.insert(example.prompt.text).inserted else { continue }
            var example = example
            example.prompt.id = "dev-\(result.count)"
            result.append(example)
            if result.count == count { break }
        }
        return result
    }
}
