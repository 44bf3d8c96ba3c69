import Evaluation
import Fleet
import Foundation
import Llama
import Tasks

extension TuningRun {
    /// A whole run on its own embedded Kafka broker: starts the brokers with the run's topics, keeps blobs in a
    /// ``RecentBlobStore`` (the newest 512 MB, and a LoRA run's base, pinned: nothing in the fleet deletes
    /// gradients) and the coordinator's
    /// checkpoint in a temporary directory, runs, and shuts the brokers down whether the run returns or throws.
    public static func onEmbeddedBroker(
        settings: TuningSettings, base: @escaping @Sendable () throws -> LoadedPolicy, prompts: [TaskPrompt],
        budget: TuningBudget, progressInterval: Duration = .seconds(2), snapshots: TuningSnapshots? = nil,
        progress: @escaping @Sendable (TuningProgress) -> Void
    ) async throws -> TuningOutcome {
        let fleet = try await EmbeddedFleet.start(runId: settings.runId)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let run = TuningRun(
            settings: settings, store: RecentBlobStore(capacityBytes: 512 << 20),
            checkpointDirectory: work.appendingPathComponent("checkpoint"))
        do {
            let outcome = try await run.run(
                base: base, prompts: prompts, budget: budget, bus: fleet.bus, progressInterval: progressInterval,
                snapshots: snapshots, progress: progress)
            await fleet.shutdown()
            return outcome
        } catch {
            await fleet.shutdown()
            throw error
        }
    }
}
