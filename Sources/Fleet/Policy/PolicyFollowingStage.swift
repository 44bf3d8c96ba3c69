import Blobs
import Blocking
import Llama
import Messages

/// What generators and trainers share: a stage loop over one input topic that needs the newest policy, next to a
/// watcher that keeps loading it.
struct PolicyFollowingStage<Policy: Sendable>: Sendable {
    let stage: String
    let topics: FleetTopics
    let store: any BlobStore
    let worker: BlockingWorker
    let holder: PolicyHolder<Policy>
    /// Load LoRA policies as base + adapter (trainers) rather than merged (generators).
    let trainable: Bool
    /// How policy loads and records that fail through no fault of their own are retried.
    let retry: RetryPolicy
    let trusted: TrustedKeys
    let prepare: @Sendable (LoadedPolicy) throws -> Policy

    /// Runs the watcher and the loop over `input` (as group `<run>.<group>`); either ending ends both.
    func run(
        bus: any MessageBus, input: FleetTopics.Topic, group: String,
        observe: @escaping @Sendable (BusRecord, StageOutcome) -> Void, onError: @escaping @Sendable (String) -> Void,
        handle: @escaping @Sendable (BusRecord) async throws -> StageResult
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { [self] in
                try await PolicyWatcher(topics: topics, store: store, worker: worker, retry: retry, trusted: trusted).run(
                    bus: bus, stage: stage, into: holder, trainable: trainable, prepare: prepare, observe: observe, onError: onError)
            }
            tasks.addTask { [self] in
                let records = try await bus.subscribe(group: "\(topics.runId).\(group)", topics: [input.name])
                let loop = StageLoop(stage: stage, bus: bus, deadLetterTopic: topics.deadLetter.name, retry: retry)
                try await loop.run(records, observe: observe, handle: handle)
            }
            // Either task ending (the input subscription closed, or an error) ends the stage.
            try await tasks.next()
            tasks.cancelAll()
        }
    }
}
