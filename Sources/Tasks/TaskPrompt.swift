import ChatTemplates

/// One unlabeled prompt, as the policy sees it during tuning.
///
/// `text` is exactly what is fed to the model and ends where the answer starts (e.g. `"12+345*6="`).
/// `metadata` carries facts a label-free scorer may use (the expression, the document type, the
/// SQL template name); it never carries the gold answer. A chat prompt also has `messages`, which the policy's chat
/// template renders instead of `text` (then `text` is what the task's rules read, e.g. the user's question).
public struct TaskPrompt: Sendable, Hashable, Codable {
    /// Deterministic identifier, e.g. `"arith-7-12"` for item 12 of seed 7, or `"arith-eval-3"`.
    public var id: String
    /// Name of the task family that produced the prompt, e.g. `"arithmetic"`.
    public var task: String
    /// The prompt text, ending where the answer starts.
    public var text: String
    /// Label-free facts about the prompt for scorers.
    public var metadata: [String: String]
    /// The prompt as a chat (OpenAI-style messages), if it is one.
    public var messages: [ChatMessage]?

    public init(
        id: String, task: String, text: String, metadata: [String: String] = [:], messages: [ChatMessage]? = nil
    ) {
        self.id = id
        self.task = task
        self.text = text
        self.metadata = metadata
        self.messages = messages
    }
}
