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
            H 8, Hkv 4, T 512), both with untied embeddings. With --decode, also one "model-decode" line per batch \
            size: prefill time and generated tokens/s with the KV cache.
            """
    )

    @Option(name: .long, help: "Presets to run, in order (tiny, small).")
    var preset: [BenchmarkPreset] = [.tiny, .small]

    @Option(name: .long, help: "Sequences per batch (B).")
    var batch = 8

    @Option(name: .long, help: "Timed steps per preset, after one warm-up step.")
    var steps = 3

    @Flag(name: .long, help: "Also time KV-cache decoding (prefill T/2, generate T/2) at batch 1 and --batch.")
    var decode = false

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
    }

    func run() throws {
        for preset in preset {
            print(ModelBenchmark.run(preset: preset, batch: batch, steps: steps).jsonLine)
            if decode {
                for rows in Set([1, batch]).sorted() {
                    print(DecodeBenchmark.run(preset: preset, batch: rows).jsonLine)
                }
            }
        }
    }
}

extension BenchmarkPreset: ExpressibleByArgument {}
