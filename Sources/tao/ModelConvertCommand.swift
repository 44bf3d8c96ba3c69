import ArgumentParser
import Foundation
import Llama

/// `tao model convert FILE.gguf --out DIR`: a GGUF file as a Hugging Face model directory.
struct ModelConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Llama GGUF file into a Hugging Face model directory (F32 safetensors).",
        discussion: """
            Writes DIR/model.safetensors (every tensor dequantized to F32: F32, F16, BF16, Q8_0, Q4_0 and Q4_1 \
            are read; q_proj/k_proj rows put back in Hugging Face's order), config.json, tokenizer.json (built \
            from the file's tokenizer.ggml.* metadata; gpt2 byte-level BPE only), tokenizer_config.json and, \
            when the file has one, chat_template.jinja — a directory transformers' from_pretrained and tao's \
            --model both load. The GGUF itself can also be passed to --model directly; converting saves the \
            dequantization on every load. Files of other architectures, tokenizers, tensor types, or with rope \
            scaling are refused with the reason.
            """
    )

    @Argument(help: "The .gguf file.") var file: String
    @Option(help: "The directory to write (created if needed; existing model files in it are replaced).") var out:
        String

    func run() throws {
        let started = Date()
        let gguf = try GGUFModel(contentsOf: URL(fileURLWithPath: file))
        let config = gguf.config
        // Dequantizing is quick; writing F32 weights (4 bytes per parameter) takes seconds for real models.
        FileHandle.standardError.write(Data("converting \(gguf.file.tensors.count) tensors to F32 in \(out)…\n".utf8))
        try gguf.convert(to: URL(fileURLWithPath: out, isDirectory: true))
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print(
            "wrote \(out): \(gguf.file.tensors.count) tensors, L \(config.numHiddenLayers), C \(config.hiddenSize), "
                + "V \(config.vocabSize), tied \(config.tieWordEmbeddings), in \(seconds) s")
    }
}
