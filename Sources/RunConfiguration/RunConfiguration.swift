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
    public var serve = Serve()
    public var gate = Gate()
    public var nightly = Nightly()
    public var log = Log()

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

    /// What `tao serve` serves, where, and what it does with the traffic.
    public struct Serve: Equatable, Sendable {
        /// Which policy answers: the version the promotion record names (`tao gate`, `tao promote`), the newest the
        /// coordinator announced, or only `model` (no following).
        public enum Follow: String, CaseIterable, Sendable { case promoted, newest, none }

        public var host = "127.0.0.1"
        public var port = 8000
        /// The model id clients name (`GET /v1/models` lists it).
        public var modelName = "tao"
        /// A Hugging Face Llama directory to answer with until the run's policy topic announces a version.
        public var model: String?
        public var follow = Follow.promoted
        /// Most requests decoded together in one batch.
        public var maxBatch = 8
        /// A request's `max_tokens` when it gives none, and the most it may ask for.
        public var maxTokens = 256
        public var traffic = Traffic()
        public init() {}

        /// Served prompts written to `<run>.prompts` so production traffic becomes tuning data.
        public struct Traffic: Equatable, Sendable {
            public var enabled = true
            /// The fraction of requests whose prompt is written (0…1), chosen by a hash of the request id.
            public var sampleRate = 1.0
            /// Prompts held for the producer; beyond it, prompts are dropped and counted (serving never waits on Kafka).
            public var buffer = 1024
            /// The task a served prompt is tuned as, unless the request's `metadata.task` names one.
            public var task = "chat"
            /// Regular expressions whose matches are replaced by `[redacted]` before a prompt leaves the server.
            public var redact: [String] = []
            public init() {}
        }
    }

    /// How `tao gate` decides which version is promoted.
    public struct Gate: Equatable, Sendable {
        /// A labeled dev file (JSON lines `{"id", "task", "prompt" or "messages", "answer"}`): greedy pass@1 on it is
        /// what a version must not lose. Never the evaluation split.
        public var devFile: String?
        /// The task the dev file's answers are checked as.
        public var task = "arithmetic"
        /// Largest accepted drop in dev pass@1 against the promoted version (absolute: 0.02 is 2 points).
        public var tolerance = 0.02
        /// Judge a version only when it is at least this many versions past the last judged one.
        public var every = 1
        /// Without a dev file: the newest held-back prompts (`gate.held-back`) a version is measured on.
        public var heldBackPrompts = 64
        /// Without a dev file: the `tao scorer audit --report` JSON of the run's scorer on labeled prompts. The
        /// label-free gate trusts the scorer's mean only when that audit says it helps and beats the random control.
        public var scorerAudit: String?
        public init() {}
    }

    /// What one `tao nightly` takes and how long it may run.
    public struct Nightly: Equatable, Sendable {
        /// Most prompts one night takes (the oldest first); the rest wait for the next night.
        public var maxPrompts = 2000
        /// Fewer new prompts than this and the night does nothing (a handful is not worth a version).
        public var minPrompts = 1
        /// Seconds a night may spend taking prompts; then it stops taking them, finishes what is in flight and judges.
        public var maxSeconds = 3600.0
        /// Most prompts sampled and not yet trained on, so candidates come from a recent policy; nil:
        /// `coordinator.updates-per-version`.
        public var promptsInFlight: Int?
        /// Seconds to finish what is in flight (scorers, trainers, the coordinator) once the prompts are taken.
        public var drainSeconds = 600.0
        /// Seconds between nights with `--continuous`.
        public var interval = 86400.0
        /// Where each night's report goes: `<report-dir>/night-<n>/`.
        public var reportDir = "nightly"
        public init() {}
    }

    /// How a process logs: swift-log's text lines, or JSON lines for a log collector.
    public struct Log: Equatable, Sendable {
        public enum Format: String, CaseIterable, Sendable { case text, json }
        public enum Level: String, CaseIterable, Sendable { case trace, debug, info, notice, warning, error, critical }
        public var format = Format.text
        public var level = Level.info
        public init() {}
    }
}
