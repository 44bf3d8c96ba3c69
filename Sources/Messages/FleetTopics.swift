/// The Kafka topics of one fleet run, all prefixed with the run id so runs sharing a cluster never mix.
///
/// | topic            | partitions | carries                                              |
/// |------------------|-----------:|------------------------------------------------------|
/// | `<run>.prompts`     | 6 | unlabeled prompts for the generators                 |
/// | `<run>.candidates`  | 6 | sampled completions waiting to be scored             |
/// | `<run>.rollouts`    | 6 | scored rollouts for the trainer                      |
/// | `<run>.updates`     | 1 | trainer progress (ordered: one partition)            |
/// | `<run>.policy`      | 1 | announcements of complete policy checkpoints (ordered) |
/// | `<run>.dead-letter` | 1 | messages a stage could not process, with the reason  |
/// | `<run>.promotions`  | 1 | which version serves: the gate's and operators' decisions (ordered) |
/// | `<run>.nightly`     | 1 | what each `tao nightly` took and did: its window of prompts, versions, decision |
public struct FleetTopics: Sendable, Hashable {
    /// One topic's name and default partition count.
    public struct Topic: Sendable, Hashable {
        public var name: String
        public var partitions: Int

        public init(name: String, partitions: Int) {
            self.name = name
            self.partitions = partitions
        }
    }

    public var runId: String
    public var prompts: Topic
    public var candidates: Topic
    public var rollouts: Topic
    public var updates: Topic
    public var policy: Topic
    public var deadLetter: Topic
    /// Promotion decisions (``PromotionRecord``): which policy version `tao serve` answers with.
    public var promotions: Topic
    /// The nightly loop's memory (``NightRecord``): which prompts each night took, and what came of them.
    public var nightly: Topic
    /// Blob chunks, for runs whose blob store is Kafka itself (`KafkaBlobStore`): many partitions, because the
    /// embedded broker keeps at most 5 MiB per partition.
    public var blobs: Topic

    /// The default partition counts: enough for 6 parallel consumers on the work topics, one partition
    /// (total order) on the control topics.
    public static let defaultPartitions = (
        prompts: 6, candidates: 6, rollouts: 6, updates: 1, policy: 1, deadLetter: 1, promotions: 1, nightly: 1, blobs: 24
    )

    public init(runId: String) {
        let counts = Self.defaultPartitions
        self.runId = runId
        prompts = Topic(name: "\(runId).prompts", partitions: counts.prompts)
        candidates = Topic(name: "\(runId).candidates", partitions: counts.candidates)
        rollouts = Topic(name: "\(runId).rollouts", partitions: counts.rollouts)
        updates = Topic(name: "\(runId).updates", partitions: counts.updates)
        policy = Topic(name: "\(runId).policy", partitions: counts.policy)
        deadLetter = Topic(name: "\(runId).dead-letter", partitions: counts.deadLetter)
        promotions = Topic(name: "\(runId).promotions", partitions: counts.promotions)
        nightly = Topic(name: "\(runId).nightly", partitions: counts.nightly)
        blobs = Topic(name: "\(runId).blobs", partitions: counts.blobs)
    }

    /// All topics, in pipeline order.
    public var all: [Topic] { [prompts, candidates, rollouts, updates, policy, deadLetter, promotions, nightly, blobs] }
}
