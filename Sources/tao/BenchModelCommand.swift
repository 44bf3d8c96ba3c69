import ArgumentParser
import Llama

/// `tao bench model`: training-step and generation throughput of the native engine.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time training steps and sampled generation of the Llama engine.",
        discussion: """
            Per preset, one JSON line per measurement:
              generation  a 32-token prompt, 16 samples × 64 new tokens (temperature 1, shared prefill, no EOS): \
            new tokens/s of the median and best of --repeats calls, as benchmarks/pytorch_bench.py measures \
            transformers' generate. Runs first, so its peak RSS is generation's own (for the first preset).
              model       training steps: median step seconds, tokens/s, achieved GFLOP/s (matrix-multiply FLOPs, \
            3 × forward, see TrainingFLOPs), the sgemm peak measured in the same run, and peak RSS.
              model-decode (with --decode) prefill T/2 then greedy-decode T/2 at batch 1 and --batch.
            Presets: tiny (V 512, C 256, F 688, L 4, H 8, Hkv 4, T 256) and small (V 4096, C 512, F 1376, L 8, \
            H 8, Hkv 4, T 512), both with untied embeddings.
            """
    )

    enum Measurement: String, CaseIterable, ExpressibleByArgument {
        case generation, training, decode
    }

    @Option(name: .long, help: "Presets to run, in order (tiny, small).")
    var preset: [BenchmarkPreset] = [.tiny, .small]

    @Option(name: .long, help: "Measurements to run (generation, training, decode); default generation and training.")
    var measure: [Measurement] = [.generation, .training]

    @Option(name: .long, help: "Sequences per training batch (B), and the larger decode batch.")
    var batch = 8

    @Option(name: .long, help: "Timed training steps per preset, after one warm-up step.")
    var steps = 3

    @Option(name: .long, help: "Timed generation calls per preset, after one warm-up call.")
    var repeats = 3

    @Option(name: .long, help: "Prompts per generation batch, each with 16 samples (more rows per step).")
    var prompts = 1

    @Option(name: .long, help: "How generation splits decoding across cores: columns (each matmul's weights) or rows.")
    var split = DecodeSplit.columns

    @Flag(name: .long, help: "Also run the decode measurement (same as adding --measure decode).")
    var decode = false

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive") }
        guard prompts > 0 else { throw ValidationError("--prompts must be positive") }
    }

    func run() throws {
        let measurements = Set(measure + (decode ? [.decode] : []))
        for preset in preset {
            if measurements.contains(.generation) {
                let result = try GenerationBenchmark.run(preset: preset, prompts: prompts, repeats: repeats, split: split)
                print(result.jsonLine)
            }
            if measurements.contains(.training) {
                print(ModelBenchmark.run(preset: preset, batch: batch, steps: steps).jsonLine)
            }
            if measurements.contains(.decode) {
                for rows in Set([1, batch]).sorted() {
                    print(DecodeBenchmark.run(preset: preset, batch: rows).jsonLine)
                }
            }
        }
    }
}

extension BenchmarkPreset: ExpressibleByArgument {}
extension DecodeSplit: ExpressibleByArgument {}
