/// One `tao nightly` run's record on the `nightly` topic: the loop's durable memory of which prompts each night
/// took and what came of them.
///
/// A night writes `started` (with the window it will take) before it trains on anything, and `finished` (with the
/// window it took, the versions and the gate's decision) at the end. The next night starts where the newest
/// finished window ends; a night that started and never finished (a crash halfway) is run again with the same
/// number and the same window — the generators' committed offsets say how far it got, and the coordinator's
/// checkpoint what it applied.
///
/// ```json
/// {"schema": "tao.nightly/1", "night": 3, "status": "finished", "attempt": 1,
///  "window": [{"partition": 0, "from": 40, "to": 52}, …], "promptsTaken": 72, "versionBefore": 6, "versionAfter": 9,
///  "decision": "promoted", "promoted": 9, "reason": "v9: dev pass@1 …", "figures": {"meanReward": 0.61},
///  "startedAt": 1796278063, "finishedAt": 1796278663}
/// ```
public struct NightRecord: WireMessage, Equatable {
    public static let schemaName = "tao.nightly"
    public static let schemaVersion = 1

    public enum Status: String, Codable, Sendable, CaseIterable {
        case started, finished
    }

    /// Offsets `from..<to` of one partition of the prompts topic.
    public struct Range: Codable, Sendable, Hashable {
        public var partition: Int
        public var from: Int64
        public var to: Int64

        public init(partition: Int, from: Int64, to: Int64) {
            self.partition = partition
            self.from = from
            self.to = to
        }

        public var count: Int64 { max(0, to - from) }
    }

    /// `night-<n>-<status>-<attempt>`.
    public var id: String { "night-\(night)-\(status.rawValue)-\(attempt)" }
    /// 1, 2, …: the night's number in this run.
    public var night: Int
    public var status: Status
    /// 1 for the first try of a night, one more for each resumption after a crash.
    public var attempt: Int
    /// The prompts the night takes (`started`) or took (`finished`), by partition of `<run>.prompts`.
    public var window: [Range]
    /// Prompts this attempt's generators handled (`finished` only).
    public var promptsTaken: Int?
    /// The newest committed policy version when the night started, and when it finished.
    public var versionBefore: Int?
    public var versionAfter: Int?
    /// The gate's decision on `versionAfter` (`promoted`, `refused`, or `none` when there was nothing to judge or no
    /// gate), the version promoted afterwards, and why.
    public var decision: String?
    public var promoted: Int?
    public var reason: String?
    /// Measurements by name: the mean reward of the night's rollouts, its stale drops and dead letters, the gate's
    /// figures.
    public var figures: [String: Double]
    /// Seconds since 1970.
    public var startedAt: Int
    public var finishedAt: Int?

    public init(
        night: Int, status: Status, attempt: Int, window: [Range], promptsTaken: Int? = nil, versionBefore: Int? = nil,
        versionAfter: Int? = nil, decision: String? = nil, promoted: Int? = nil, reason: String? = nil,
        figures: [String: Double] = [:], startedAt: Int, finishedAt: Int? = nil
    ) {
        self.night = night
        self.status = status
        self.attempt = attempt
        self.window = window
        self.promptsTaken = promptsTaken
        self.versionBefore = versionBefore
        self.versionAfter = versionAfter
        self.decision = decision
        self.promoted = promoted
        self.reason = reason
        self.figures = figures
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Prompts in `window`.
    public var windowCount: Int { Int(window.reduce(0) { $0 + $1.count }) }
}
