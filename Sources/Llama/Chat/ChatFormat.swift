import ChatTemplates
import Foundation

/// How chat messages become a prompt for one model: a chat template (the model's own by default, or one the user
/// chose), the special-token texts it may use, and the token that ends an assistant's turn.
///
/// The prompt is the template rendered with `add_generation_prompt` and encoded with no special tokens added — the
/// template writes its own (e.g. Llama-3's `<|begin_of_text|>`) — as transformers' `apply_chat_template` does.
public struct ChatFormat: Sendable {
    public let template: ChatTemplate
    public let bosToken: String?
    public let eosToken: String?
    /// Where the template came from, for messages ("the model's chat template", "built-in chatml", a file).
    public let origin: String

    /// The built-in formats `--chat-format` names, for models without a template or with one tao cannot render.
    public static let builtIn: [String: String] = [
        "chatml": """
            {% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}\
            {% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
            """,
        "llama3": """
            {{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' \
            + message['content'] | trim + '<|eot_id|>' }}{% endfor %}\
            {% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}
            """,
        "plain": """
            {% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}\
            {% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}
            """,
    ]

    /// The format `choice` names: `nil` for the model's own chat template (`config.chatTemplate`), a built-in name
    /// (``builtIn``), or the path of a Jinja file. `tokenizer` supplies BOS/EOS texts the config does not name.
    public init(config: TokenizerConfig, tokenizer: any Tokenizer, choice: String? = nil) throws {
        let source: String
        switch choice {
        case nil:
            guard let own = config.chatTemplate else { throw ChatFormatError.noTemplate }
            (source, origin) = (own, "the model's chat template")
        case let name? where Self.builtIn[name] != nil:
            (source, origin) = (Self.builtIn[name]!, "built-in \(name)")
        case let path?:
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ChatFormatError.unreadable(path: path)
            }
            (source, origin) = (text, path)
        }
        do {
            template = try ChatTemplate(source: source)
        } catch let error as ChatTemplateError {
            throw ChatFormatError.unusable(origin: origin, reason: "\(error.message) (at \(error.location))")
        }
        func text(_ id: Int?) -> String? { id.map { tokenizer.decode([$0]) }.flatMap { $0.isEmpty ? nil : $0 } }
        bosToken = config.bosToken ?? text(tokenizer.bosTokenId)
        eosToken = config.eosToken ?? text(tokenizer.eosTokenId)
    }

    /// The prompt text for `messages`, ending where the assistant's reply begins.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool = true) throws -> String {
        do {
            return try template.render(
                messages: messages, addGenerationPrompt: addGenerationPrompt, bosToken: bosToken, eosToken: eosToken)
        } catch let error as ChatTemplateError where error.kind == .raised {
            throw ChatFormatError.refused(origin: origin, message: error.message)
        } catch let error as ChatTemplateError {
            throw ChatFormatError.unusable(origin: origin, reason: "\(error.message) (at \(error.location))")
        }
    }

    /// The prompt's token ids: the rendered text with no special tokens added (the template wrote them).
    public func promptTokens(_ messages: [ChatMessage], tokenizer: any Tokenizer) throws -> [Int] {
        tokenizer.encode(try render(messages))
    }

    /// The special token the template puts right after an assistant's reply (`<|im_end|>`, `<|eot_id|>`, …), found
    /// by rendering a two-turn conversation; empty when the template puts none there (then the tokenizer's
    /// end-of-sequence ids alone end a reply).
    public func endOfTurnTokenIds(tokenizer: any Tokenizer) -> [Int] {
        let marker = "\u{2063}tao-reply\u{2063}"
        let turns = [ChatMessage(role: "user", content: "hi"), ChatMessage(role: "assistant", content: marker)]
        guard let text = try? render(turns, addGenerationPrompt: false), let range = text.range(of: marker) else {
            return []
        }
        let after = tokenizer.encode(String(text[range.upperBound...]))
        let special = after.first { id in
            tokenizer.decodeBytes([id], skipSpecialTokens: true).isEmpty && !tokenizer.decodeBytes([id]).isEmpty
        }
        return special.map { [$0] } ?? []
    }
}

/// Why messages could not be formatted, each saying what to do.
public enum ChatFormatError: Error, CustomStringConvertible, Equatable {
    case noTemplate
    case unreadable(path: String)
    case unusable(origin: String, reason: String)
    case badMessages(reason: String)
    /// The template itself raised (`raise_exception`), e.g. on roles out of order.
    case refused(origin: String, message: String)

    static let escapeHatch = "pass --chat-format chatml, llama3, plain or the path of a Jinja template file"

    public var description: String {
        switch self {
        case .noTemplate:
            "the model has no chat template (no chat_template in tokenizer_config.json, no chat_template.jinja, "
                + "none in the GGUF file); \(Self.escapeHatch)"
        case .unreadable(let path):
            "--chat-format \(path) is neither a built-in format (chatml, llama3, plain) nor a readable template file"
        case .unusable(let origin, let reason):
            "\(origin) cannot be used: \(reason); \(Self.escapeHatch)"
        case .badMessages(let reason):
            "bad chat messages: \(reason)"
        case .refused(let origin, let message):
            "\(origin) refuses these messages: \(message)"
        }
    }
}
