import Blocking
import Foundation
import Tasks

extension SupervisedWarmStart {
    /// ``cachedOrTrain(task:settings:cacheRoot:progress:)`` on a dedicated queue, off the cooperative pool.
    /// `progress` is called on that queue after every step.
    public static func baseModel(
        task: any TaskFamily, settings: WarmStartSettings, cacheRoot: URL,
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> (directory: URL, trained: Bool) {
        try await BlockingWorker(label: "tao.warmstart").run {
            try cachedOrTrain(task: task, settings: settings, cacheRoot: cacheRoot, progress: progress)
        }
    }

    /// Trains and saves into `directory` (replacing a model there), on a dedicated queue.
    public static func trainAndSave(
        task: any TaskFamily, settings: WarmStartSettings, to directory: URL,
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws {
        try await BlockingWorker(label: "tao.warmstart").run {
            try save(try train(task: task, settings: settings, progress: progress), to: directory)
        }
    }
}
