import Fleet
import FleetRuntime
import Foundation
import Kafka
import Messages
import S3Blobs
import TestSupport
import Yams

/// An embedded broker with the run's topics and the stage processes of one run configuration: what
/// `TopologyTests` runs.
final class Topology: @unchecked Sendable {
    /// One stage process, its output in a file.
    final class Stage: @unchecked Sendable {
        let name: String
        let process = Process()
        let log: URL

        init(name: String, executable: URL, arguments: [String], environment: [String: String], directory: URL) throws {
            self.name = name
            log = directory.appendingPathComponent("\(name).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.executableURL = executable
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// The metrics address the stage printed (`metrics: http://host:port/metrics`).
        var metricsURL: URL? {
            output.split(separator: "\n").lazy.compactMap { line -> URL? in
                guard let range = line.range(of: "metrics: http://") else { return nil }
                return URL(string: String(line[range.lowerBound...].dropFirst("metrics: ".count)))
            }.first
        }

        /// What the stage produced (candidates, rollouts or updates; stale drops count), from its /metrics.
        func handledRecords() async throws -> Double {
            guard let metricsURL else { return 0 }
            let scrape = try await MetricsScrape.fetch(metricsURL)
            return ["tao_candidates_produced_total", "tao_rollouts_produced_total", "tao_updates_produced_total",
                    "tao_stale_rollouts_dropped_total"]
                .map { scrape.sum($0) }.reduce(0, +)
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    let broker: EmbeddedBroker
    let topics: FleetTopics
    let work: URL
    var stages: [Stage] = []
    /// moto's S3-compatible server, the run's blob store (as MinIO or S3 is on a cluster).
    var objectStore: Process?

    var kafka: KafkaConfiguration { KafkaConfiguration(bootstrapServers: broker.bootstrapServers) }

    private init(broker: EmbeddedBroker, topics: FleetTopics, work: URL) {
        (self.broker, self.topics, self.work) = (broker, topics, work)
    }

    /// `run.id` of a run configuration file.
    static func runId(of config: URL) throws -> String {
        let yaml = try Yams.load(yaml: String(contentsOf: config, encoding: .utf8)) as? [String: Any]
        return ((yaml?["run"] as? [String: Any])?["id"] as? String) ?? "tao"
    }

    /// Starts the broker, creates the run's topics, and starts two generators, scorers and trainers and one
    /// coordinator on `config`.
    static func start(config: URL, runId: String, replicas: Int = 2) async throws -> Topology {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-topology-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let model = work.appendingPathComponent("base-model")
        try FleetFixture.writeBaseModel(to: model)
        let broker = try EmbeddedBroker(brokers: 1)
        let topics = FleetTopics(runId: runId)
        try await broker.createTopics(topics.all.map { KafkaTopicSpec(name: $0.name, partitions: $0.partitions) })
        let topology = Topology(broker: broker, topics: topics, work: work)
        let blobStore = try await topology.startObjectStore()
        // What differs per machine comes from the environment, as the manifests set it.
        let environment = [
            "TAO_KAFKA_BOOTSTRAP": broker.bootstrapServers,
            "TAO_MODEL_BASE": model.path,
            "TAO_RUN_BLOB_STORE": blobStore,
            "AWS_ACCESS_KEY_ID": Self.credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": Self.secret,
            "TAO_COORDINATOR_CHECKPOINT_DIR": work.appendingPathComponent("checkpoint").path,
            "TAO_METRICS_PORT": "0",
            "TAO_METRICS_HOST": "127.0.0.1",
            // The embedded broker makes a late group member wait session.timeout.ms − 1 s.
            "TAO_KAFKA_SESSION_TIMEOUT_MS": "6000",
            "TAO_KAFKA_HEARTBEAT_INTERVAL_MS": "1000",
            // The tiny test model answers arithmetic in a few bytes.
            "TAO_GENERATOR_MAX_TOKENS": "6",
            "TAO_GENERATOR_SAMPLES": "4",
            "TAO_COORDINATOR_UPDATES_PER_VERSION": "2",
            "TAO_LORA_RANK": "0",
        ]
        let executables = try FleetFixture.executables()
        do {
            for (stage, count) in [("generator", replicas), ("scorer", replicas), ("trainer", replicas), ("coordinator", 1)] {
                for index in 1...count {
                    topology.stages.append(try Stage(
                        name: "\(stage)-\(index)", executable: executables.appendingPathComponent("tao-\(stage)"),
                        arguments: ["--config", config.path], environment: environment, directory: work))
                }
            }
        } catch {
            topology.stop()
            throw error
        }
        return topology
    }

    static let secret = "topology-secret"
    static let credentials = S3Credentials(accessKeyID: "AKIDTOPOLOGY", secretAccessKey: secret)

    /// Starts moto's server on a free port with a bucket for the run; returns the `run.blob-store` naming it.
    func startObjectStore() async throws -> String {
        let probe = Process()
        let output = Pipe()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]
        probe.standardOutput = output
        try probe.run()
        probe.waitUntilExit()
        let port = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", port]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        objectStore = server
        let location = "s3://tao-blobs/\(topics.runId)?endpoint=http://127.0.0.1:\(port)&region=us-east-1"
        let client = S3Client(
            location: try S3Location(parsing: location), credentials: Self.credentials, timeout: .seconds(2),
            retry: .init(attempts: 1))
        try await eventually("the object store creates the bucket", within: .seconds(60), polling: .milliseconds(200)) {
            guard server.isRunning else { throw TopologyError.exited("moto", status: server.terminationStatus) }
            return (try? await client.send(.PUT, key: "", accept: [200, 409], operation: "CreateBucket")) != nil
        }
        return location
    }

    func replicas(of stage: String) -> [Stage] { stages.filter { $0.name.hasPrefix(stage + "-") } }

    /// Throws when a stage has exited.
    func checkAlive() throws {
        if let dead = stages.first(where: { !$0.process.isRunning }) {
            throw TopologyError.exited(dead.name, status: dead.process.terminationStatus)
        }
    }

    func newestVersion() async throws -> Int {
        try await KafkaTopicSnapshot.read(topics.policy.name, configuration: kafka).compactMap {
            try? WireCodec.decode(PolicyAnnouncement.self, from: $0.value).version
        }.max() ?? -1
    }

    var logs: String {
        stages.map { "---- \($0.name) ----\n\($0.output.split(separator: "\n").filter { !$0.contains("CONFWARN") }.suffix(25).joined(separator: "\n"))" }
            .joined(separator: "\n")
    }

    func stop() {
        for stage in stages { stage.stop() }
        // moto's server keeps running on SIGTERM: a test server, so SIGKILL.
        if let objectStore, objectStore.isRunning {
            kill(objectStore.processIdentifier, SIGKILL)
            objectStore.waitUntilExit()
        }
        let broker = broker
        let done = DispatchSemaphore(value: 0)
        Task { await broker.shutdown(); done.signal() }
        done.wait()
        try? FileManager.default.removeItem(at: work)
    }
}

enum TopologyError: Error, CustomStringConvertible {
    case exited(String, status: Int32)

    var description: String {
        switch self {
        case .exited(let name, let status): "\(name) exited with status \(status)"
        }
    }
}
