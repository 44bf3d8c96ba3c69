import Blocking
import Scoring
import Tasks

/// A scorer whose model is loaded on first use — off the cooperative pool, once, however many callers arrive at
/// the same time — so building a scorer (to check a configuration, or for every task) costs nothing until it scores.
/// A failed load is reported to every call, and retried on the next one.
public final class LazyScorer: Scorer, @unchecked Sendable {
    public let name: String
    private let loader: Loader

    public init(name: String, load: @escaping @Sendable () throws -> any Scorer) {
        self.name = name
        loader = Loader(load: load)
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        try await loader.scorer().score(prompt: prompt, completions: completions)
    }

    actor Loader {
        let load: @Sendable () throws -> any Scorer
        let worker = BlockingWorker(label: "tao.scorer.load")
        var loading: Task<any Scorer, any Error>?

        init(load: @escaping @Sendable () throws -> any Scorer) { self.load = load }

        func scorer() async throws -> any Scorer {
            if let loading { return try await loading.value }
            let (load, worker) = (self.load, self.worker)
            let task = Task { try await worker.run { try load() } }
            loading = task
            do { return try await task.value } catch {
                loading = nil
                throw error
            }
        }
    }
}
