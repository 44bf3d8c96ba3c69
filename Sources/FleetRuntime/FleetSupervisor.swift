import Foundation
import Kafka
import Logging
import Messages
import Synchronization

/// Runs a whole fleet on one machine: the embedded Kafka broker in this process (with the run's topics), the four
/// stage executables as child processes, and an observer that reads the topics to report progress.
///
/// ```swift
/// let fleet = FleetSupervisor(configuration)
/// try await fleet.start()
/// try await fleet.feed(prompts)
/// for await progress in fleet.progress(every: .seconds(1)) { … }
/// await fleet.stop()
/// ```
public final class FleetSupervisor: Sendable {
    public let configuration: FleetConfiguration
    private let started = ContinuousClock.now
    private struct Running: Sendable {
        var broker: EmbeddedBroker
        var producer: KafkaProducer
        var observer: FleetObserver
        var observing: Task<Void, Never>
        var children: [ChildProcess]
        var log: FleetLog
        /// One task per child restarting it when it dies, with `configuration.restart`.
        var supervising: [Task<Void, Never>] = []
    }
    private let running = Mutex<Running?>(nil)

    public init(_ configuration: FleetConfiguration) {
        self.configuration = configuration
    }

    /// The embedded broker's address, once started.
    public var bootstrapServers: String? { running.withLock { $0?.broker.bootstrapServers } }
    /// The embedded cluster, for fault injection (`tao soak`).
    public var broker: EmbeddedBroker? { running.withLock { $0?.broker } }
    /// Writes `line` to the fleet's log as `[name] line`, between the children's lines.
    public func note(_ line: String, from name: String) {
        running.withLock { $0?.log }?.write(line, from: name)
    }
    public var children: [ChildProcess] { running.withLock { $0?.children ?? [] } }
    public func child(named name: String) -> ChildProcess? { children.first { $0.name == name } }
    /// The ids on the topics so far.
    public var ledger: FleetLedger { running.withLock { $0?.observer.ledger } ?? FleetLedger() }

    /// Writes the children's configuration file, starts the broker, creates the topics, starts every child and the
    /// observer. If it throws, call `stop()` to release whatever did start.
    public func start() async throws {
        let configuration = configuration
        try configuration.validate()
        try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        try Data(configuration.childConfigurationFile().utf8).write(to: configuration.configFile, options: .atomic)
        let log = try FleetLog(url: configuration.logFile)
        let broker = try EmbeddedBroker(
            brokers: configuration.brokers, logger: Logger(label: "tao.up.broker", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await broker.createTopics(configuration.topics.all.map { KafkaTopicSpec(name: $0.name, partitions: $0.partitions) })
        let kafka = KafkaConfiguration(bootstrapServers: broker.bootstrapServers)
        let observer = try FleetObserver(topics: configuration.topics, kafka: kafka)
        let observing = Task { _ = try? await observer.run() }
        let producer = try KafkaProducer(configuration: kafka)
        let children = makeChildren(bootstrap: broker.bootstrapServers, log: log)
        running.withLock {
            $0 = Running(
                broker: broker, producer: producer, observer: observer, observing: observing, children: children,
                log: log)
        }
        for child in children { try child.start() }
        if let policy = configuration.restart {
            let tasks = children.map { child in Task { await supervise(child, policy: policy, log: log) } }
            running.withLock { $0?.supervising = tasks }
        }
    }

    /// Restarts `child` whenever it exits while the fleet runs, waiting as `policy` says; says so in the log.
    private func supervise(_ child: ChildProcess, policy: RestartPolicy, log: FleetLog) async {
        var quickDeaths = 0
        var started = ContinuousClock.now
        while true {
            let status = await child.waitForExit()
            guard !Task.isCancelled, running.withLock({ $0 != nil }) else { return }
            quickDeaths = ContinuousClock.now - started >= policy.resetAfter ? 1 : quickDeaths + 1
            let delay = policy.delay(beforeRestart: quickDeaths)
            log.write("exited with status \(status); restarting in \(delay) (restart \(quickDeaths) in a row)", from: child.name)
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled, running.withLock({ $0 != nil }) else { return }
            do {
                try child.start()
            } catch {
                log.write("could not restart: \(error)", from: child.name)
                return
            }
            started = ContinuousClock.now
        }
    }

    /// Publishes prompts on `<run>.prompts`, keyed by id; returns once the broker has them.
    public func feed(_ prompts: [PromptMessage]) async throws {
        try await feed(raw: prompts.map { (key: $0.id, value: try WireCodec.encode($0)) })
    }

    /// Publishes records on `<run>.prompts` as they are, well-formed or not (a soak's poison); returns once the
    /// broker has them.
    public func feed(raw records: [(key: String, value: [UInt8])]) async throws {
        guard let producer = running.withLock({ $0?.producer }) else { return }
        let topic = configuration.topics.prompts.name
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (key, value) in records {
                group.addTask { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: Array(key.utf8), value: value)) }
            }
            try await group.waitForAll()
        }
    }

    /// Progress now: the observer's counts plus what the children's `/metrics` say.
    public func snapshot() async -> FleetProgress {
        guard let (observer, children) = running.withLock({ $0.map { ($0.observer, $0.children) } }) else {
            return FleetProgress()
        }
        var progress = observer.progress
        progress.elapsed = Double((ContinuousClock.now - started).components.seconds)
        progress.children = children.map { .init(name: $0.name, running: $0.isRunning, pid: $0.pid) }
        for child in children where child.isRunning {
            guard let url = child.metricsURL, let scrape = try? await MetricsScrape.fetch(url) else { continue }
            progress.staleDropped += Int(scrape.sum("tao_stale_rollouts_dropped_total"))
            progress.updatesApplied += Int(scrape.sum("tao_updates_applied_total", matching: ["stage": "coordinator"]))
            for stage in ["generator", "scorer", "trainer"] {
                let lag = Int(scrape.sum("tao_consumer_lag_messages", matching: ["stage": stage]))
                if lag > 0 || child.name.hasPrefix(stage) { progress.lag[stage, default: 0] += lag }
            }
        }
        return progress
    }

    /// A snapshot every `interval` until the stream's consumer stops or the supervisor stops.
    public func progress(every interval: Duration = .seconds(1)) -> AsyncStream<FleetProgress> {
        AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled, running.withLock({ $0 != nil }) {
                    continuation.yield(await snapshot())
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Stops every child (SIGTERM, SIGKILL after the deadline), then the observer, the producer and the broker.
    public func stop() async {
        guard let state = running.withLock({ state in defer { state = nil }; return state }) else { return }
        for task in state.supervising { task.cancel() }
        await withTaskGroup(of: Void.self) { group in
            for child in state.children {
                group.addTask { [deadline = configuration.stopDeadline] in await child.stop(deadline: deadline) }
            }
        }
        state.observing.cancel()
        await state.observing.value
        await state.observer.close()
        try? await state.producer.close(timeout: .seconds(5))
        await state.broker.shutdown()
        state.log.close()
    }

    /// Every child runs with the same command line (``FleetConfiguration/childArguments(bootstrap:)``): it takes its
    /// options from the configuration file `start()` wrote.
    private func makeChildren(bootstrap: String, log: FleetLog) -> [ChildProcess] {
        let c = configuration
        let arguments = c.childArguments(bootstrap: bootstrap)
        func child(_ name: String, _ executable: String) -> ChildProcess {
            ChildProcess(
                name: name, executable: c.executables.appendingPathComponent(executable), arguments: arguments, log: log,
                environment: c.childEnvironment)
        }
        var children = [child("coordinator", "tao-coordinator")]
        if c.standbyCoordinator { children.append(child("coordinator-standby", "tao-coordinator")) }
        children += (1...c.generators).map { child("generator-\($0)", "tao-generator") }
        children += (1...c.scorers).map { child("scorer-\($0)", "tao-scorer") }
        children += (1...c.trainers).map { child("trainer-\($0)", "tao-trainer") }
        return children
    }
}
