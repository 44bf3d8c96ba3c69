import Fleet
import Foundation
import Kafka
import Logging
import Messages
import Observability

/// What every stage process does around its service: connect the bus, serve `/healthz`, `/readyz`, `/metrics`,
/// refresh metrics every second, and on SIGINT/SIGTERM cancel the service, close its consumers (committing
/// offsets, leaving the groups) and the producer, then return so the process exits 0.
///
/// ```swift
/// let runtime = WorkerRuntime(stage: "scorer", topics: topics, kafka: configuration, metricsPort: 9464)
/// try await runtime.run { bus in try await service.run(bus: bus) }
/// ```
public struct WorkerRuntime: Sendable {
    public let stage: String
    public let topics: FleetTopics
    public let kafka: KafkaConfiguration
    public let health: HealthServerConfiguration?
    public let readiness = ReadinessChecks()
    public let metrics: StageMetrics
    public let logger: Logger

    /// - Parameter metricsPort: nil serves nothing; 0 picks a free port, printed as `metrics: http://host:port/metrics`.
    public init(
        stage: String, topics: FleetTopics, kafka: KafkaConfiguration, metricsHost: String = "127.0.0.1",
        metricsPort: Int?
    ) {
        self.stage = stage
        self.topics = topics
        self.kafka = kafka
        health = metricsPort.map { HealthServerConfiguration(host: metricsHost, port: $0) }
        metrics = StageMetrics(stage: stage)
        // The process's handler and level: `log.format` and `log.level`, bootstrapped from the run configuration.
        logger = Logger(label: "tao.\(stage)")
    }

    /// Runs `body` until it returns, throws, or a shutdown signal arrives.
    /// - Parameters:
    ///   - inputTopic: the topic whose consumer lag this stage reports (`tao_consumer_lag_messages`).
    ///   - refresh: called about once a second, to copy a service's counters into metrics.
    ///   - needsPartitions: register the `kafka` readiness check (ready once the consumers hold partitions); a
    ///     singleton with standbys passes false, since a standby holds none.
    public func run(
        inputTopic: String? = nil, needsPartitions: Bool = true, refresh: @escaping @Sendable () async -> Void = {},
        _ body: @escaping @Sendable (WorkerBus) async throws -> Void
    ) async throws {
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        let server = try await startHealthServer()
        let bus = WorkerBus(try KafkaBus.connect(kafka))
        if needsPartitions {
            readiness.register("kafka") {
                bus.assignedPartitions > 0 ? .ready : .notReady("no partition assigned yet: still joining the group")
            }
        }
        let service = Task { try await body(bus) }
        let refresher = Task {
            var second = 0
            while !Task.isCancelled {
                await refresh()
                metrics.record(FleetMetric.residentMemory, Double(ResidentMemory.bytes()))
                // Lag queries hold the consumer's serial queue (~0.5 s per partition on the embedded broker), so
                // they run every 10 s, not every second, and never starve consumption for long.
                if let inputTopic, second % 10 == 5 {
                    let lags = await bus.lag(topics: [inputTopic])
                    metrics.record(lags: lags.map { ($0.partition.topic, Int($0.partition.partition), $0.lag) })
                }
                second += 1
                try? await Task.sleep(for: .seconds(1))
            }
        }
        logger.info("\(stage) running on run '\(topics.runId)' at \(kafka.bootstrapServers); stop with SIGINT or SIGTERM")
        let outcome = await Self.race(service, signals, logger)
        refresher.cancel()
        service.cancel()
        let result = await service.result
        logger.debug("service ended; closing consumers and producer")
        await refresh()
        await bus.shutdown()
        try? await server?.shutdown()
        switch outcome {
        case .signal:
            logger.info("\(stage) stopped: offsets committed, groups left")
        case .finished:
            if case .failure(let error) = result, !(error is CancellationError) {
                logger.error("\(stage) failed: \(error)")
                throw error
            }
            logger.info("\(stage) finished: its subscription ended")
        }
    }

    private enum Outcome: Sendable { case signal(Int32), finished }

    /// Waits for the service to end or a signal; on a signal, cancels the service (awaiting a task's result does
    /// not react to cancellation, so the group's other child only ends once the service does).
    private static func race(_ service: Task<Void, any Error>, _ signals: ShutdownSignals, _ logger: Logger) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { _ = await service.result; return .finished }
            group.addTask { await signals.first().map(Outcome.signal) }
            let first = await group.next() ?? nil
            if case .signal(let number) = first {
                logger.info("signal \(number): stopping")
                service.cancel()
            }
            group.cancelAll()
            return first ?? .finished
        }
    }

    private func startHealthServer() async throws -> HealthServer? {
        guard let health else { return nil }
        let server = HealthServer(configuration: health, readiness: readiness, metrics: FleetMetrics.bootstrap())
        let port = try await server.start()
        // A fixed line format: `tao up` reads it from the child's output to find the port.
        logger.info("metrics: http://\(health.host):\(port)/metrics")
        return server
    }
}
