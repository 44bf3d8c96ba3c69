import ArgumentParser
import Fleet
import Foundation
import Llama

struct LogprobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logprobs",
        abstract: "Print each token of a text with its log-probability under a model, one JSON line per token.",
        discussion: """
            The text is encoded with the special tokens the tokenizer's own rules add (as transformers' \
            tokenizer(text) does; --bos / --no-bos override the beginning-of-sequence token). The first token has \
            no log-probability (nothing precedes it): with a beginning-of-sequence token first, every token of the \
            text gets one.
            """
    )

    @Option(help: "A Hugging Face model directory or a .gguf file.") var model: String
    @Option(help: "The text to score.") var text: String
    @Flag(inversion: .prefixedNo, help: "Put the tokenizer's beginning-of-sequence token first, or not (default: its rules).")
    var bos: Bool?

    func run() throws {
        let policy = try LoadedPolicy(path: URL(fileURLWithPath: self.model))
        let (model, tokenizer) = (policy.model, policy.tokenizer)
        let tokens = tokenizer.encode(text, bos: bos).map(Int32.init)
        let T = tokens.count
        guard T <= model.config.maxPositionEmbeddings else {
            throw ValidationError("the text is \(T) tokens, more than the model's \(model.config.maxPositionEmbeddings)")
        }
        guard T > 0 else { throw ValidationError("the text has no tokens") }
        let targets = (0..<T).map { $0 + 1 < T ? tokens[$0 + 1] : -1 }
        let losses = model.tokenLosses(tokens: tokens, targets: targets, B: 1, T: T)
        for position in 0..<T {
            let token = Int(tokens[position])
            try JSONLines.print(TokenLine(
                position: position, token: token, piece: tokenizer.decode([token]),
                logprob: position == 0 ? nil : -losses[position - 1]))
        }
    }

    struct TokenLine: Encodable {
        let position: Int
        let token: Int
        let piece: String
        let logprob: Float?
    }
}
