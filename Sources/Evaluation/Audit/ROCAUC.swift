/// The area under the ROC curve of scores against binary labels: the chance that a randomly drawn positive scores
/// higher than a randomly drawn negative, a tie counting one half.
///
///     AUC = (1 / (n₊ n₋)) Σ_{i ∈ pos} Σ_{j ∈ neg} ( [sᵢ > sⱼ] + ½ [sᵢ = sⱼ] )
///
/// computed from ranks (Mann–Whitney U) in O(n log n): with average ranks for ties, AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋),
/// R₊ the sum of the positives' ranks. 1 means every positive outscores every negative, 0.5 a scorer blind to the
/// label (or one that ties everything), 0 a scorer that ranks exactly backwards. Undefined without both classes.
public enum ROCAUC {
    public struct Result: Sendable, Equatable, Codable {
        /// nil when undefined; see `undefinedReason`.
        public var auc: Double?
        /// Items labeled true.
        public var positives: Int
        /// Items labeled false.
        public var negatives: Int
        /// Why `auc` is nil, in words.
        public var undefinedReason: String?
    }

    /// - Parameters:
    ///   - scores: one per item; NaN is not a score (precondition).
    ///   - labels: one per item, same order.
    public static func compute(scores: [Double], labels: [Bool]) -> Result {
        precondition(scores.count == labels.count, "one label per score")
        precondition(!scores.contains { $0.isNaN }, "a NaN score has no rank")
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            let missing = positives == 0 ? "no correct candidates" : "no incorrect candidates"
            return Result(
                auc: nil, positives: positives, negatives: negatives,
                undefinedReason: "\(missing): the AUC needs both (\(positives) correct, \(negatives) incorrect)")
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRanks = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Ranks start + 1 … end + 1 (1-based) share their average.
            let rank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] { positiveRanks += rank }
            start = end + 1
        }
        let u = positiveRanks - Double(positives) * Double(positives + 1) / 2
        return Result(auc: u / (Double(positives) * Double(negatives)), positives: positives, negatives: negatives)
    }
}
