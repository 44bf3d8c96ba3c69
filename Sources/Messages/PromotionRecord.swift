/// A decision about which policy version serves, on the `promotions` topic: the durable record `tao serve` follows.
///
/// The gate writes one per version it judges (`promoted` or `refused`, with its figures); operators write `promoted`
/// (`tao promote`) and `rolledBack` (`tao rollback`). The promoted version is the `version` of the newest record that
/// is not a refusal.
///
/// ```json
/// {"schema": "tao.promotion/1", "version": 7, "decision": "refused", "by": "gate", "previous": 5,
///  "reason": "v7 refused: dev pass@1 62.0% → 48.0% while the reward rose 0.41 → 0.77 …",
///  "figures": {"candidateDevPassAt1": 0.48, "promotedDevPassAt1": 0.62, "candidateMeanReward": 0.77}, "at": 1796278063}
/// ```
public struct PromotionRecord: WireMessage, Equatable {
    public static let schemaName = "tao.promotion"
    public static let schemaVersion = 1

    public enum Decision: String, Codable, Sendable, CaseIterable {
        case promoted, refused
        case rolledBack = "rolled-back"
    }

    /// `<decision>-v<version>-<at>`: one record per decision.
    public var id: String { "\(decision.rawValue)-v\(version)-\(at)" }
    /// The version this decision is about (for a rollback: the version rolled back to).
    public var version: Int
    public var decision: Decision
    /// Who decided: `gate`, or `operator` (the `tao promote` / `tao rollback` commands, with `$USER` when known).
    public var by: String
    /// The version promoted before this record.
    public var previous: Int?
    /// Why, in a sentence with the numbers.
    public var reason: String
    /// The measurements the decision rests on (dev pass@1 of both versions, mean rewards), by name.
    public var figures: [String: Double]
    /// Seconds since 1970.
    public var at: Int

    public init(
        version: Int, decision: Decision, by: String, previous: Int?, reason: String, figures: [String: Double] = [:],
        at: Int
    ) {
        self.version = version
        self.decision = decision
        self.by = by
        self.previous = previous
        self.reason = reason
        self.figures = figures
        self.at = at
    }

    /// Whether this record changes the promoted version.
    public var promotes: Bool { decision != .refused }
}
