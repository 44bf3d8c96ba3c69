import Fleet

/// One run's configuration: what `run.yaml` says, after environment variables and flags have had their say.
///
/// It is every stage's ``RunSettings`` (run id, blob store, sampling, scoring, loss, optimiser, LoRA) plus what only
/// some commands read: the Kafka connection, and `tao up`'s replica counts and prompt sources. Each field has one
/// ``ConfigurationKey`` in ``ConfigurationKeys/all`` — its YAML key, environment variable, flag, allowed values and
/// documentation — so the file, the environment, the flags, `--dry-run` and docs/configuration.md all come from one
/// list.
public struct RunConfiguration: Equatable, Sendable {
    public var settings: RunSettings
    public var kafka = Kafka()
    public var fleet = Fleet()
    public var prompts = Prompts()

    /// The defaults: every key's default. `run.blob-store` and `model.base` are empty until something sets them.
    public init() {
        settings = RunSettings(shared: .init(blobStore: ""), coordinator: .init(baseModel: ""))
    }

    /// The Kafka connection. Properties pass through to librdkafka untouched (SASL, SSL, timeouts, acks).
    public struct Kafka: Equatable, Sendable {
        /// `nil`: `127.0.0.1:9092`.
        public var bootstrap: String?
        public var properties: [String: String] = [:]
        public init() {}
    }

    /// What `tao up` starts on one machine.
    public struct Fleet: Equatable, Sendable {
        public var runDir = "tao-run"
        public var generators = 1
        public var scorers = 1
        public var trainers = 1
        public var standbyCoordinator = false
        public init() {}
    }

    /// Where `tao up` takes its prompts from: a JSON-lines file and/or a built-in task's generated prompts.
    public struct Prompts: Equatable, Sendable {
        public var file: String?
        public var task: String?
        public var count = 100
        public var seed: UInt64 = 0
        public init() {}
    }
}
