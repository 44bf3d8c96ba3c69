import Blocking
import Fleet
import Foundation
import Hummingbird
import Kafka
import Llama
import Logging
import Messages
import Observability
import RunConfiguration
import Synchronization

/// `tao serve`: the OpenAI-compatible API over the run's policy. It follows `<run>.policy` and swaps in each newer
/// version between batches (or serves `serve.model` only), batches concurrent requests, and writes served prompts to
/// `<run>.prompts` through the ``TrafficTap``. Runs until its task is cancelled.
public struct ServeServer: Sendable {
    public let configuration: RunConfiguration
    public let kafka: KafkaConfiguration
    public let logger: Logger

    public init(configuration: RunConfiguration, kafka: KafkaConfiguration, logger: Logger) {
        self.configuration = configuration
        self.kafka = kafka
        self.logger = logger
    }

    /// Serves until cancelled; `onListening` hears the bound port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        _ = FleetMetrics.bootstrap()
        let serve = configuration.serve
        let shared = configuration.settings.shared
        let topics = shared.topics
        let precision = configuration.settings.generator.decodePrecision ?? .f32
        let worker = BlockingWorker(label: "tao.serve.policy")
        let baseEngine: ServingEngine? = if let directory = serve.model {
            try await worker.run {
                ServingEngine(policy: try LoadedPolicy(path: URL(fileURLWithPath: directory)), decodePrecision: precision)
            }
        } else {
            nil
        }
        guard baseEngine != nil || serve.follow != .none else {
            throw OpenAIError.server("serve.follow is none but serve.model is not set: there is nothing to serve")
        }
        let holder = PolicyHolder<ServingEngine>()
        let promoted = PromotedEngine()
        let waitingFor = serve.follow == .promoted
            ? "no version promoted yet (waiting for \(topics.promotions.name): run tao gate, or tao promote VERSION)"
            : "no policy loaded yet (waiting for \(topics.policy.name))"
        let served: @Sendable () -> Result<ServedPolicy, OpenAIError> = {
            if let (engine, version) = holder.loaded ?? promoted.current {
                FleetMetric.policyVersion.gauge(["stage": "serve"]).record(version)
                return .success(ServedPolicy(engine: engine, label: String(version)))
            }
            if let baseEngine { return .success(ServedPolicy(engine: baseEngine, label: "base")) }
            return .failure(.notReady(waitingFor))
        }
        let scheduler = BatchScheduler(maxBatch: serve.maxBatch, engine: served)
        let tap = TrafficTap(settings: serve.traffic, topic: topics.prompts.name)
        let routes = ServeRoutes(
            modelName: serve.modelName, maxTokens: serve.maxTokens, scheduler: scheduler, tap: tap,
            unreadiness: { if case .failure = served() { return waitingFor } else { return nil } })
        let app = Application(
            router: routes.router(),
            configuration: .init(address: .hostname(serve.host, port: serve.port), serverName: "tao-serve"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? serve.port) },
            logger: logger)
        let needsKafka = serve.follow != .none || serve.traffic.enabled
        let bus: (any MessageBus)? = needsKafka ? try KafkaBus.connect(kafka) : nil
        let logger = logger
        // The tap runs outside the group: a broker that is down holds a send for as long as librdkafka retries, and
        // shutting down must not wait for it longer than a short grace period.
        let tapping = Task {
            if let bus, serve.traffic.enabled { await tap.run(bus: bus, onError: { logger.warning("\($0)") }) }
        }
        defer { tapping.cancel() }
        let trusted = try shared.trusted()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await scheduler.run() }
            if let bus, serve.follow == .promoted {
                let store = try shared.store()
                tasks.addTask {
                    try await PromotedPolicyFollower(topics: topics, store: store, worker: worker, trusted: trusted).run(
                        bus: bus,
                        install: { policy, version in
                            let engine = try await worker.run { ServingEngine(policy: policy, decodePrecision: precision) }
                            promoted.install(engine, version: version)
                            logger.notice("serving promoted policy v\(version)")
                        },
                        onError: { logger.warning("\($0)") })
                }
            }
            if let bus, serve.follow == .newest {
                let store = try shared.store()
                tasks.addTask {
                    try await PolicyWatcher(topics: topics, store: store, worker: worker, trusted: trusted).run(
                        bus: bus, stage: "serve", into: holder,
                        prepare: { ServingEngine(policy: $0, decodePrecision: precision) },
                        onError: { logger.warning("\($0)") })
                }
            }
            tasks.addTask { try await app.run() }
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
        tapping.cancel()
        let flushed = await Self.finishes(tapping, within: .seconds(5))
        if !flushed { logger.warning("stopping with served prompts not yet written to \(topics.prompts.name)") }
        if flushed, let bus = bus as? KafkaBus<KafkaConsumer> { try? await bus.close() }
    }

    /// Whether `task` ends within `limit`. Unstructured on purpose: a task group would wait for `task` however long
    /// it takes, since awaiting a task's value does not stop for cancellation.
    static func finishes(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let (outcomes, outcome) = AsyncStream.makeStream(of: Bool.self)
        Task { await task.value; outcome.yield(true) }
        let timer = Task { try? await Task.sleep(for: limit); outcome.yield(false) }
        var first = outcomes.makeAsyncIterator()
        let finished = await first.next() ?? false
        timer.cancel()
        return finished
    }
}

/// The engine of the promoted version, replaced (forward or back) when the promotion record names another.
final class PromotedEngine: Sendable {
    private let state = Mutex<(engine: ServingEngine, version: Int)?>(nil)

    var current: (engine: ServingEngine, version: Int)? { state.withLock { $0 } }

    func install(_ engine: ServingEngine, version: Int) { state.withLock { $0 = (engine, version) } }
}
