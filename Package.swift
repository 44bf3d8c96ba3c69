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
    ],
    targets: [
        // C shims: a module map and a header each, nothing else.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Kafka over librdkafka: internal RDKafka/ owns the C handles; the public API is Swift values only.
        .target(
            name: "Kafka",
            dependencies: ["CRdKafka", "Deterministic", .product(name: "Logging", package: "swift-log")]
        ),

        // The fleet's topic names and its closed, versioned set of wire messages. Depends on nothing.
        .target(name: "Messages"),

        // Options every executable shares (`--kafka-bootstrap`, `--kafka-option`), pulled in with @OptionGroup.
        .target(
            name: "TaoCLI",
            dependencies: [
                "Kafka", "Fleet", "Llama", "Losses", "Blobs", "Messages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // RL objectives over groups of scored completions: GRPO, RLOO, DPO, best-of-N; gradients w.r.t. log-probs.
        .target(name: "Losses"),

        // The fleet's stage services over a message bus (Kafka, or in memory for tests).
        // Runtime/ is the process-level glue: signals, health and metrics wiring, the `tao up` supervisor.
        .target(
            name: "Fleet",
            dependencies: [
                "Messages", "Blobs", "Losses", "Tasks", "Scoring", "Llama", "Tensors", "Kafka", "Observability",
                "Deterministic",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Content-addressed, zstd-compressed storage for large payloads (weights, gradients) sent by reference.
        .target(name: "Blobs", dependencies: ["CZstd"], swiftSettings: numericSettings),

        // Buffers, shapes, BLAS wrappers, the parameter arena.
        .target(name: "Tensors", dependencies: ["COpenBLAS", "Deterministic"], swiftSettings: numericSettings),

        // The Llama-architecture model engine: layers (forward/backward), model, AdamW, LoRA, sampling,
        // tokenizers, Hugging Face checkpoints.
        .target(name: "Llama", dependencies: ["Tensors"], swiftSettings: numericSettings),

        // Built-in task families (arithmetic, text-to-SQL over a generated SQLite DB, document QA) and
        // the scorers that rate sampled completions without labels.
        .target(name: "Tasks", dependencies: ["CSQLite", "Deterministic"]),
        .target(name: "Scoring", dependencies: ["Tasks"]),

        // Supervised warm start of a base policy, pass@k evaluation, and the in-process TAO run behind `tao demo`.
        .target(
            name: "Evaluation",
            dependencies: [
                "Llama", "Tensors", "Tasks", "Scoring", "Fleet", "Messages", "Blobs", "Losses", "Kafka", "Plots",
                "Deterministic",
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
            ]
        ),

        // Charts of experiment results (pass@k curves, model comparisons) as standalone SVG for docs/.
        // Foundation only.
        .target(name: "Plots"),

        // Thin executables over library services.
        .executableTarget(
            name: "tao",
            dependencies: [
                "Kafka", "Llama", "Messages", "TaoCLI", "Fleet", "Evaluation", "Tasks", "Scoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tao-generator",
            dependencies: [
                "Fleet", "TaoCLI", "Observability", "Llama", "Blobs", "Messages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tao-scorer",
            dependencies: [
                "Fleet", "TaoCLI", "Observability", "Llama", "Blobs", "Messages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tao-trainer",
            dependencies: [
                "Fleet", "TaoCLI", "Observability", "Llama", "Blobs", "Messages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tao-coordinator",
            dependencies: [
                "Fleet", "TaoCLI", "Observability", "Llama", "Blobs", "Messages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "Messages", "TestSupport"]),
        .testTarget(name: "TaoCLITests", dependencies: ["TaoCLI", "Kafka", "Losses"]),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "MessagesTests", dependencies: ["Messages"]),
        .testTarget(name: "LossesTests", dependencies: ["Losses"]),
        .testTarget(
            name: "FleetTests",
            dependencies: ["Fleet", "Llama", "Losses", "Tensors", "Messages", "Blobs", "Kafka", "TestSupport"]
        ),
        // The fleet as real processes on the embedded broker; needs the four stage executables built
        // (`swift build` first, or the test's dependencies below build them).
        .testTarget(
            name: "FleetProcessTests",
            dependencies: [
                "Fleet", "Kafka", "Messages", "Llama", "Blobs", "TestSupport",
                "tao-generator", "tao-scorer", "tao-trainer", "tao-coordinator",
            ]
        ),
        .testTarget(name: "BlobsTests", dependencies: ["Blobs"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "Llama", "Tasks", "Scoring", "Fleet", "Messages", "Blobs", "Kafka", "TestSupport"]
        ),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Tasks"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(
            name: "LlamaTests",
            dependencies: ["Llama", "Tensors"],
            resources: [.copy("Fixtures")]
        ),

        // The project's stable pseudo-random step (SplitMix64) and hash (FNV-1a): outputs that name things on disk
        // and make every seeded stream, the same on every toolchain. Depends on nothing.
        .target(name: "Deterministic"),
        .testTarget(name: "DeterministicTests", dependencies: ["Deterministic"]),

        // What several test targets share: `eventually`, and Kafka fixtures (an embedded broker with its topics and
        // clients; an in-memory cluster with a run's topics). A library of test code, not a test target.
        .target(
            name: "TestSupport",
            dependencies: ["Kafka", "Messages", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
    ]
)
