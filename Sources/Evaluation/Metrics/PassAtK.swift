/// The unbiased pass@k estimator of Chen et al. (2021, "Evaluating Large Language Models Trained on Code"):
/// with n samples of which c are correct, the probability that k samples drawn without replacement contain at
/// least one correct one,
///
///     pass@k = 1 − C(n−c, k) / C(n, k) = 1 − ∏_{i=n−c+1}^{n} (1 − k/i)
///
/// computed as the product (no large binomials). Averaged over prompts it estimates the chance that k fresh
/// samples contain a correct answer, with less variance than drawing exactly k.
public enum PassAtK {
    /// - Parameters:
    ///   - n: samples drawn, at least `k`
    ///   - c: correct samples among them, 0…n
    ///   - k: 1…n
    public static func estimate(n: Int, c: Int, k: Int) -> Double {
        precondition(k >= 1 && n >= k, "pass@k needs 1 ≤ k ≤ n (got k \(k), n \(n))")
        precondition(c >= 0 && c <= n, "correct count \(c) must be within 0…\(n)")
        if c == 0 { return 0 }
        if n - c < k { return 1 }
        var miss = 1.0
        for i in (n - c + 1)...n { miss *= 1 - Double(k) / Double(i) }
        return 1 - miss
    }
}
