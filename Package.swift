// swift-tools-version:6.1
import PackageDescription

/// Numeric code is compiled optimised even in debug builds: Swift's -Onone runs tight float loops
/// 50–100× slower, which would make gradient checks and golden tests take minutes instead of seconds.
let numericSettings: [SwiftSetting] = [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "tao-fleet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tao", targets: ["tao"]),
        .executable(name: "tao-generator", targets: ["tao-generator"]),
        .executable(name: "tao-scorer", targets: ["tao-scorer"]),
        .executable(name: "tao-trainer", targets: ["tao-trainer"]),
        .executable(name: "tao-coordinator", targets: ["tao-coordinator"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Llama", targets: ["Llama"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Observability: HTTP for /healthz, /readyz, /metrics; swift-metrics API with a Prometheus backend.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        // `tao serve`'s OpenAI-compatible HTTP API.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The run configuration file: YAML with line numbers for every error.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The S3 blob store: AWS Signature V4 (HMAC-SHA256) over an HTTP client.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C shims: a module map and a header each, nothing else.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The engine's own C kernels (half-precision weights × F32 activations), compiled -O3 even in debug builds;
        // AVX2 + FMA + F16C per function, chosen at run time, with a portable fallback. Only Tensors imports it.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // The project's stable pseudo-random step (SplitMix64) and hash (FNV-1a): outputs that name things on disk
        // and make every seeded stream, the same on every toolchain. Depends on nothing.
        .target(name: "Deterministic"),

        // The serial queue that keeps blocking work (OpenBLAS, librdkafka, file I/O) off the cooperative pool.
        // Dispatch only: every module may import it.
        .target(name: "Blocking"),

        // Kafka over librdkafka: internal RDKafka/ owns the C handles; the public API is Swift values only.
        .target(name: "Kafka", dependencies: ["CRdKafka", "Blocking", "Deterministic", .product(name: "Logging", package: "swift-log")]),

        // The fleet's topic names and its closed, versioned set of wire messages. Depends on nothing.
        .target(name: "Messages"),

        // Content-addressed, zstd-compressed storage for large payloads (weights, gradients) sent by reference.
        .target(name: "Blobs", dependencies: ["CZstd"], swiftSettings: numericSettings),

        // Blobs in an S3-compatible object store (AWS, MinIO, moto): SigV4-signed, multipart, retried.
        .target(
            name: "S3Blobs",
            dependencies: [
                "Blobs", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),

        // Pretrained models tao knows by name, fetched with pip from the package registry into a local cache.
        .target(name: "ModelCatalog", dependencies: ["Blobs"]),

        // Buffers, shapes, BLAS wrappers, the parameter arena.
        .target(name: "Tensors", dependencies: ["COpenBLAS", "CKernels", "Deterministic"], swiftSettings: numericSettings),

        // The Llama-architecture model engine: layers (forward/backward), model, AdamW, LoRA, sampling,
        // tokenizers, Hugging Face checkpoints.
        .target(name: "Llama", dependencies: ["Tensors", "ChatTemplates"], swiftSettings: numericSettings),

        // RL objectives over groups of scored completions: GRPO, RLOO, DPO, best-of-N; gradients w.r.t. log-probs.
        .target(name: "Losses"),

        // Built-in task families (arithmetic, text-to-SQL over a generated SQLite DB, document QA) and
        // the scorers that rate sampled completions without labels.
        .target(name: "Tasks", dependencies: ["CSQLite", "Deterministic", "ChatTemplates"]),
        .target(name: "Scoring", dependencies: ["Tasks", "Deterministic"]),
        // Scorers that run a model: a trained reward model (Bradley–Terry, scalar head) and an LLM judge.
        .target(
            name: "ModelScorers",
            dependencies: ["Blocking", "ChatTemplates", "Deterministic", "Llama", "Scoring", "Tasks", "Tensors"],
            swiftSettings: numericSettings),
        // A scorer that POSTs candidates to a user's scoring service (tao.score-request/1): timeouts over the whole
        // exchange, retries with jitter, a request limit, a circuit breaker, a fallback score, statistics.
        .target(
            name: "HTTPScoring",
            dependencies: [
                "Scoring", "Tasks", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),

        // Health, readiness and Prometheus metrics over HTTP for every fleet worker; the fleet's metric catalogue.
        .target(
            name: "Observability",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Charts of experiment results (pass@k curves, model comparisons) as standalone SVG for docs/.
        // Foundation only.
        .target(name: "Plots"),

        // Hugging Face chat templates: the Jinja subset they use, rendered byte-identically to transformers'
        // apply_chat_template. Foundation only.
        .target(name: "ChatTemplates"),

        // The fleet's stage services (generator, scorer, trainer, coordinator) over a message bus, policy
        // distribution, the coordinator's checkpoint, a blob store on Kafka. No process, HTTP or metrics code.
        .target(
            name: "Fleet",
            dependencies: [
                "Messages", "Blobs", "S3Blobs", "Blocking", "Deterministic", "Losses", "Tasks", "Scoring", "ModelScorers", "HTTPScoring",
                "Llama", "Tensors",
                "Kafka", "ChatTemplates", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // A stage as a process: signals, health/readiness/metrics wiring, the process's bus; and `tao up`'s
        // supervisor of child processes with its progress view.
        .target(
            name: "FleetRuntime",
            dependencies: [
                "Fleet", "Kafka", "Messages", "Observability", "RunConfiguration", "Scoring", "Blobs", "Blocking",
                "Deterministic",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // pass@1/pass@k evaluation, user JSONL eval sets, and the supervised warm start of a small base policy.
        .target(
            name: "Evaluation", dependencies: ["Blocking", "Deterministic", "Llama", "ModelScorers", "Scoring", "Tasks", "ChatTemplates"]),

        // TAO in one process: the four stages on an embedded broker (`TuningRun`), and `tao demo`.
        .target(
            name: "Tuning",
            dependencies: ["Fleet", "Evaluation", "Blobs", "Blocking", "Kafka", "Llama", "Losses", "Messages", "Scoring", "Tasks"]
        ),

        // The experiments: SFT baselines, base vs SFT vs TAO per task, N-scaling, the evaluation gate, figures.
        .target(
            name: "Experiments",
            dependencies: [
                "Tuning", "Evaluation", "Fleet", "Blocking", "Llama", "Losses", "ModelScorers", "Plots", "Scoring", "Tasks",
            ]
        ),

        // `tao bench fleet`: TAO rounds through the four stages on the embedded broker vs the same work in one loop.
        .target(
            name: "FleetBench",
            dependencies: ["Fleet", "Blobs", "Blocking", "Kafka", "Llama", "Losses", "Messages", "Scoring", "Tasks", "Tensors"]
        ),

        // One run's configuration: a YAML file, environment variables and flags, every key checked with the file and
        // line of a bad value; `--dry-run`'s report and docs/configuration.md's reference come from the same keys.
        .target(
            name: "RunConfiguration",
            dependencies: [
                "Fleet", "Kafka", "Llama", "ModelScorers", "Scoring", "Tasks", "S3Blobs", .product(name: "Yams", package: "Yams"),
            ]
        ),

        // `tao serve`: the OpenAI-compatible API over the newest policy — requests batched across callers, streamed as
        // server-sent events, hot reload without failing a request — and the tap that writes served prompts to the
        // run's prompts topic through a bounded buffer.
        .target(
            name: "Serving",
            dependencies: [
                "Fleet", "Llama", "ChatTemplates", "Messages", "Kafka", "Blocking", "Deterministic", "Observability",
                "RunConfiguration",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Promotion: the promotion record (which version serves), `tao gate` (the evaluation gate as a service) and
        // what `tao promote` / `tao rollback` write.
        .target(
            name: "Promotion",
            dependencies: ["Fleet", "Evaluation", "Experiments", "Kafka", "Messages", "Llama", "Blobs", "Blocking",
                           "Tasks", "RunConfiguration", "Scoring"]
        ),

        // `tao nightly` and `tao report`: one night of TAO on the prompts that arrived since the last (the four stages
        // in-process, windowed by the generators' offsets, remembered on the nightly topic), and a run's report.
        .target(
            name: "Nightly",
            dependencies: [
                "Fleet", "Kafka", "Messages", "Promotion", "RunConfiguration", "Plots", "Blocking", "Llama",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Options every executable shares (`--kafka-bootstrap`, `--kafka-option`, …), pulled in with @OptionGroup.
        .target(
            name: "TaoCLI",
            dependencies: [
                "Kafka", "Fleet", "Llama", "RunConfiguration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Thin executables over library services.
        .executableTarget(
            name: "tao",
            dependencies: [
                "Kafka", "Llama", "Messages", "TaoCLI", "Fleet", "FleetRuntime", "FleetBench", "Evaluation", "Tuning",
                "Experiments", "Tasks", "Scoring", "ModelCatalog", "ModelScorers", "RunConfiguration", "Serving", "Promotion",
                "Nightly", "Plots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Readers of outside bytes as one-input functions, and the libFuzzer executable over them (Fuzz/README.md).
        .target(name: "FuzzTargets", dependencies: ["ChatTemplates", "Fleet", "Llama", "Messages", "Tensors"]),
        .executableTarget(name: "tao-fuzz", dependencies: ["FuzzTargets"]),
    ] + stageExecutables + tests
)

/// The four stage executables: one definition, each a thin main over its service.
var stageExecutables: [Target] {
    ["tao-generator", "tao-scorer", "tao-trainer", "tao-coordinator"]
        .map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "Fleet", "FleetRuntime", "TaoCLI", "Observability", "RunConfiguration",
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ]
            )
        }
}

var tests: [Target] {
    [
        // `tao serve` parsing in-process, and as a process answering the official `openai` Python client.
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "RunConfiguration", "Messages", "Kafka", "ModelCatalog", "Evaluation", "Llama", "Tasks", "Fleet",
                "TestSupport", "tao",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "PromotionTests", dependencies: ["Promotion", "Messages", "Evaluation"]),
        .testTarget(name: "NightlyTests", dependencies: ["Nightly", "Messages", "Fleet", "Kafka", "TestSupport"]),
        .testTarget(name: "RunConfigurationTests", dependencies: ["RunConfiguration", "Scoring", "Tasks"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "Messages", "TestSupport"]),
        .testTarget(
            name: "TaoCLITests",
            dependencies: ["TaoCLI", "Fleet", "Kafka", "Losses", "RunConfiguration", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "MessagesTests", dependencies: ["Messages"]),
        .testTarget(name: "LossesTests", dependencies: ["Losses"]),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "FleetRuntime", "Blocking", "Llama", "Losses", "Tensors", "Messages", "Blobs", "Kafka", "Scoring",
                "Tasks", "TestSupport", "ChatTemplates", "FuzzTargets",
            ]
        ),
        // The fleet as real processes on the embedded broker; needs the four stage executables built
        // (`swift build` first, or the test's dependencies below build them).
        .testTarget(
            name: "FleetProcessTests",
            dependencies: [
                "Fleet", "FleetRuntime", "Messages", "Llama", "Kafka", "S3Blobs", "TestSupport", .product(name: "Yams", package: "Yams"),
                "tao-generator", "tao-scorer", "tao-trainer", "tao-coordinator",
            ]
        ),
        .testTarget(name: "FleetRuntimeTests", dependencies: ["FleetRuntime", "Fleet", "Kafka", "Messages"]),
        .testTarget(name: "BlobsTests", dependencies: ["Blobs"]),
        // The S3 blob store against moto's S3 server on loopback (from the package registry), and its signer
        // against botocore's.
        .testTarget(name: "S3BlobsTests", dependencies: ["S3Blobs", "Blobs", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DeterministicTests", dependencies: ["Deterministic"]),
        // What several test targets share: `eventually`, and Kafka fixtures (an embedded broker with its topics and
        // clients; an in-memory cluster with a run's topics). A library of test code, not a test target.
        .target(
            name: "TestSupport",
            dependencies: ["Kafka", "Messages", "ModelCatalog", "Deterministic", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "ChatTemplates"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: [
                "Evaluation", "Tuning", "Experiments", "Llama", "ModelScorers", "Tasks", "Fleet", "Blobs", "Kafka", "TestSupport",
            ]
        ),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Tasks", "ChatTemplates"]),
        .testTarget(name: "ModelScorersTests", dependencies: ["ModelScorers", "Llama", "Scoring", "Tasks", "Tensors"]),
        // The HTTP scorer against a fault-injecting Python server on loopback and the example scoring service;
        // its requests and responses checked against docs/schemas with check-jsonschema.
        .testTarget(
            name: "HTTPScoringTests", dependencies: ["HTTPScoring", "Scoring", "Tasks", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "ChatTemplatesTests", dependencies: ["ChatTemplates"], resources: [.copy("Fixtures")]),
        // Real pretrained models fetched from the package registry (`tao model fetch`), checked against transformers;
        // runs the `tao` executable as a user would.
        .testTarget(
            name: "PretrainedTests",
            dependencies: ["ModelCatalog", "Llama", "ChatTemplates", "Tasks", "Tuning", "Evaluation", "TestSupport", "tao"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LlamaTests",
            dependencies: ["Llama", "Tensors", "ChatTemplates"],
            resources: [.copy("Fixtures")]
        ),
    ]
}
