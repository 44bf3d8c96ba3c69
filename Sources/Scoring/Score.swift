/// The score of one candidate completion: a total in [0, 1] that the trainer turns into an advantage,
/// plus named components in [0, 1] so dashboards can show why (e.g. `executes`, `agreement`).
public struct Score: Sendable, Hashable, Codable {
    /// In [0, 1]; higher is better.
    public var total: Double
    /// Named parts of the total, each in [0, 1]. Combined scorers prefix them with the child's name
    /// (`"verifier.correct"`).
    public var components: [String: Double]

    /// Clamps `total` into [0, 1]; NaN becomes 0.
    public init(total: Double, components: [String: Double] = [:]) {
        self.total = total.isNaN ? 0 : min(1, max(0, total))
        self.components = components
    }

    /// A score that is 1 or 0 with the same value as its single component.
    public static func binary(_ passed: Bool, component: String) -> Score {
        Score(total: passed ? 1 : 0, components: [component: passed ? 1 : 0])
    }
}
