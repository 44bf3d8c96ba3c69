import ArgumentParser
import Foundation
import Llama

/// `tao bench model`: training-step and generation throughput of the native engine.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time training steps and sampled generation of the Llama engine.",
        discussion: """
            Per preset (or the --model directory), one JSON line per measurement:
              generation  16 samples × 64 new tokens of one prompt (temperature 1, shared prefill, no EOS): new \
            tokens/s of the median and best of --repeats calls after one full-length warm-up, as \
            benchmarks/pytorch_bench.py measures transformers' generate; once per --decode-precision. Runs first, \
            so its peak RSS is generation's own (for the first preset or precision). The prompt is 32 random ids \
            for a preset, --prompt-ids for --model.
              model       training steps (presets): median step seconds, tokens/s, achieved GFLOP/s \
            (matrix-multiply FLOPs, 3 × forward, see TrainingFLOPs), the sgemm peak measured in the same run, peak RSS.
              lora        LoRA training steps (--model; rank 8, alpha 16, q/k/v/o; --batch × 256): forward, backward \
            into the adapter only, clipping, AdamW over the adapter; GFLOP/s count 2 × forward.
              model-decode (--measure decode) prefill T/2 then greedy-decode T/2 at batch 1 and --batch.
              decode-accuracy (--measure accuracy, --model) teacher-forced log-prob differences of each half \
            --decode-precision against f32 over a fixed ~100-token English text.
              kernel      (--measure kernels) one core's decoding matmul at SmolLM2-135M's shapes, M = 16: \
            OpenBLAS on F32 weights vs the half kernel vs widening halves into a scratch for sgemm.
            Presets: tiny (V 512, C 256, F 688, L 4, H 8, Hkv 4, T 256) and small (V 4096, C 512, F 1376, L 8, \
            H 8, Hkv 4, T 512), both with untied embeddings.
            """
    )

    enum Measurement: String, CaseIterable, ExpressibleByArgument {
        case generation, training, lora, decode, accuracy, kernels
    }

    /// SmolLM2's chat template around "What is the capital of France?" (37 ids, no BOS needed).
    static let smolChatPrompt = [
        1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712, 8182, 2,
        198, 1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198,
    ]

    /// The fixed text the accuracy measurement teacher-forces (the first 100 of its tokens).
    static let accuracyText = """
        The history of the city begins with a small fishing village on the banks of a wide river. Over the \
        centuries, merchants arrived from the south, bringing spices, cloth and new ideas about government. By the \
        time the first bridge was built, the village had grown into a busy market town with its own council, a \
        school and three churches. Today visitors come to see the old harbour, walk along the narrow streets and \
        taste the famous fish soup that is still cooked the way it was two hundred years ago.
        """

    @Option(name: .long, help: "Presets to run, in order (tiny, small); ignored with --model.")
    var preset: [BenchmarkPreset] = [.tiny, .small]

    @Option(name: .long, help: ArgumentHelp(
        "A Hugging Face Llama directory or a GGUF file to benchmark instead of the presets (e.g. SmolLM2-135M).",
        valueName: "path"))
    var model: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: "Prompt token ids for --model's generation (default: SmolLM2's chat-templated question).")
    var promptIds: [Int] = []

    @Option(name: .long, help: """
        Measurements to run (generation, training, lora, decode, accuracy, kernels); default generation and \
        training, or generation and lora with --model.
        """)
    var measure: [Measurement] = []

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

    @Option(name: .long, help: """
        Decoding weight precision, repeatable to compare (f32, f16, bf16). Default f16: as fast as bf16 with 3–5× \
        smaller log-prob errors, 1.4–1.8× f32's speed on SmolLM2-135M (docs/performance.md).
        """)
    var decodePrecision: [DecodePrecision] = [.f16]

    @Flag(name: .long, help: "Also run the decode measurement (same as adding --measure decode).")
    var decode = false

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive") }
        guard prompts > 0 else { throw ValidationError("--prompts must be positive") }
        if model == nil {
            if measure.contains(.lora) || measure.contains(.accuracy) {
                throw ValidationError("--measure lora and accuracy need --model DIR")
            }
            guard promptIds.isEmpty else { throw ValidationError("--prompt-ids needs --model DIR") }
        } else if measure.contains(.training) {
            throw ValidationError("--measure training runs on the presets; with --model measure lora")
        }
    }

    func run() throws {
        let defaults: [Measurement] = model == nil ? [.generation, .training] : [.generation, .lora]
        let measurements = Set((measure.isEmpty ? defaults : measure) + (decode ? [.decode] : []))
        if measurements.contains(.kernels) {
            for line in HalfKernelBenchmark.runSmolLM2Shapes() { print(line.jsonLine) }
        }
        if let model {
            try run(directory: model, measurements)
            return
        }
        for preset in preset {
            if measurements.contains(.generation) {
                for precision in decodePrecision {
                    let result = try GenerationBenchmark.run(
                        preset: preset, prompts: prompts, repeats: repeats, split: split, precision: precision)
                    print(result.jsonLine)
                }
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

    private func run(directory: String, _ measurements: Set<Measurement>) throws {
        let url = URL(fileURLWithPath: directory)
        let policy = try LoadedPolicy(path: url)
        let label = url.lastPathComponent
        if measurements.contains(.generation) {
            let prompt = promptIds.isEmpty ? Self.smolChatPrompt : promptIds
            for precision in decodePrecision {
                let result = try GenerationBenchmark.run(
                    model: policy.model, label: label, prompts: Array(repeating: prompt, count: prompts),
                    repeats: repeats, split: split, precision: precision)
                print(result.jsonLine)
            }
        }
        if measurements.contains(.accuracy) {
            let tokens = Array(policy.tokenizer.encode(Self.accuracyText).prefix(100))
            for precision in decodePrecision where precision != .f32 {
                print(DecodeAccuracy.measure(model: policy.model, label: label, tokens: tokens, precision: precision)
                    .jsonLine)
            }
        }
        if measurements.contains(.lora) {
            print(LoRATrainingBenchmark.run(model: policy.model, label: label, batch: batch, steps: steps).jsonLine)
        }
        if measurements.contains(.decode) {
            throw ValidationError("--measure decode runs on the presets only")
        }
    }
}

extension BenchmarkPreset: ExpressibleByArgument {}
extension DecodeSplit: ExpressibleByArgument {}
