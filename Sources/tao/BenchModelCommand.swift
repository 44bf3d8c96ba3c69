import ArgumentParser
import Llama

/// `tao bench model`: training-step throughput of the native engine.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time training steps (forward + backward + AdamW) of the Llama engine.",
        discussion: """
            Prints one JSON line per preset: median step seconds, tokens/s, achieved GFLOP/s (matrix-multiply \
            FLOPs, 3 × forward, see TrainingFLOPs), the sgemm peak measured in the same run, and peak RSS.
            Presets: tiny (V 512, C 256, F 688, L 4, H 8, Hkv 4, T 256) and small (V 4096, C 512, F 1376, L 8, \
            H 8, Hkv 4, T 512), both with untied embeddings.
            """
    )

    @Option(name: .long, help: "Presets to run, in order (tiny, small).")
    var preset: [BenchmarkPreset] = [.tiny, .small]

    @Option(name: .long, help: "Sequences per batch (B).")
    var batch = 8

    @Option(name: .long, help: "Timed steps per preset, after one warm-up step.")
    var steps = 3

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
    }

    func run() throws {
        for preset in preset {
            print(ModelBenchmark.run(preset: preset, batch: batch, steps: steps).jsonLine)
        }
    }
}

extension BenchmarkPreset: ExpressibleByArgument {}
