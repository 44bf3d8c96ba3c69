/// A Hugging Face chat template, parsed once, rendered as transformers' `apply_chat_template(…, tokenize=False)`
/// renders it: Jinja2 in an immutable sandbox with `trim_blocks` and `lstrip_blocks`, plus `raise_exception`,
/// `strftime_now` and a `tojson` that is Python's `json.dumps`. The output is meant to be byte-identical; what
/// this subset cannot render exactly is refused when the template is parsed (docs/chat-templates.md).
///
/// ```swift
/// let template = try ChatTemplate(source: tokenizerConfig.chatTemplate)
/// let prompt = try template.render(
///     messages: [ChatMessage(role: "user", content: "Hi")], addGenerationPrompt: true,
///     bosToken: "<|begin_of_text|>", eosToken: "<|eot_id|>")
/// ```
public struct ChatTemplate: Sendable {
    public let source: String
    let body: [Statement]

    /// Parses `source`; a syntax error or a construct this renderer does not support is a `ChatTemplateError`
    /// naming it and where it is (line:column).
    public init(source: String) throws {
        self.source = source
        body = try Parser.parse(try Lexer.tokenize(source))
        try NameCheck.check(body)
    }

    /// The prompt for `messages`.
    ///
    /// The template sees what transformers passes: `messages` (dicts of `role` and `content`),
    /// `add_generation_prompt`, `bos_token` and `eos_token` when given (undefined otherwise, as for a tokenizer
    /// without them), `tools` and `documents` as none, and then `extra`, which may override any of these
    /// (`extra: ["tools": [...], "date_string": "26 Jul 2024"]`).
    ///
    /// - Throws: `ChatTemplateError`; `.raised` when the template refuses the conversation with
    ///   `raise_exception` (its `message` is the template's text).
    public func render(
        messages: [ChatMessage], addGenerationPrompt: Bool, bosToken: String?, eosToken: String?,
        extra: [String: TemplateValue] = [:]
    ) throws -> String {
        var context: [String: Value] = [
            "messages": .array(messages.map { .dict(Value.Dict([("role", .string($0.role)), ("content", .string($0.content))])) }),
            "add_generation_prompt": .bool(addGenerationPrompt),
            "tools": .none,
            "documents": .none,
        ]
        if let bosToken { context["bos_token"] = .string(bosToken) }
        if let eosToken { context["eos_token"] = .string(eosToken) }
        for (name, value) in extra { context[name] = Value(value) }
        return try Renderer(context: context).render(body)
    }
}
