import Messages
/// What the fleet has done so far, as `tao up`'s progress view shows it: counts read from the topics themselves
/// (the fleet's log of record) and figures scraped from the workers' `/metrics`.
public struct FleetProgress: Sendable, Equatable {
    /// Seconds since the supervisor started.
    public var elapsed: Double = 0
    /// Records on `<run>.prompts`.
    public var prompts = 0
    /// Records on `<run>.candidates` (one per prompt and policy version) and the samples they hold.
    public var candidates = 0
    public var candidateSamples = 0
    /// Records on `<run>.rollouts`.
    public var rollouts = 0
    /// Mean reward over the most recent rollouts (up to `FleetObserver.rewardWindow` of them).
    public var rewardMean: Double?
    /// Records on `<run>.updates`.
    public var updates = 0
    /// The newest version announced on `<run>.policy`.
    public var policyVersion: Int?
    /// Records on `<run>.dead-letter`.
    public var deadLetters = 0
    /// Scraped: stale rollouts dropped by trainers, and stale updates dropped by the coordinator.
    public var staleDropped = 0
    /// Scraped: updates the coordinator applied.
    public var updatesApplied = 0
    /// Scraped: `tao_consumer_lag_messages` summed per stage (generator, scorer, trainer).
    public var lag: [String: Int] = [:]
    /// Work waiting per stage, from the topic counts (immediate, unlike the scraped lag): prompts not yet sampled,
    /// candidates not yet scored, rollouts neither turned into updates nor dropped as stale.
    public var backlog: [String: Int] {
        [
            "generator": max(0, prompts - sampledPrompts),
            "scorer": max(0, candidates - rollouts),
            "trainer": max(0, rollouts - updates - staleDropped),
        ]
    }
    /// Distinct prompt ids with candidates.
    public var sampledPrompts = 0
    /// Each child's name and whether it is running.
    public var children: [ChildStatus] = []

    public struct ChildStatus: Sendable, Equatable {
        public var name: String
        public var running: Bool
        public var pid: Int32?
    }

    public init() {}
}

/// The ids the topics hold, for audits: which prompts were sampled, which rollouts exist, which updates carry which
/// rollouts. A crash test proves from these that nothing was lost and nothing trained twice.
public struct FleetLedger: Sendable, Equatable {
    public var promptIDs: Set<String> = []
    /// Prompt ids that have at least one candidates record.
    public var sampledPromptIDs: Set<String> = []
    public var candidateIDs: Set<String> = []
    public var rolloutIDs: Set<String> = []
    /// Update id → its rollout ids, and how many update records there were in total (redeliveries included).
    public var updates: [String: [String]] = [:]
    public var updateRecords = 0
    public var policyVersions: Set<Int> = []
    /// Announcements of the versions in `policyVersions` (a fenced coordinator's are left out), in topic order.
    public var announcements: [PolicyAnnouncement] = []
    /// Dead letters: the SHA-256 of each original record, and the prompt ids the originals name.
    public var deadLetteredSHA256: Set<String> = []
    public var deadLetteredPromptIDs: Set<String> = []
    /// Every dead letter's stage, source topic and reason, in topic order.
    public var deadLetters: [DeadLetterMessage] = []

    public init() {}
}
