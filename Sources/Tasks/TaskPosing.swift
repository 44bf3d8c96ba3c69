import ChatTemplates

/// How a task's prompts are put to a model: as text to continue (`"12+34="`, what a small base warm-started on the
/// task completes) or as the chat turn a user of an instruct model would write ("What is 12 + 34? Answer with the
/// number only."), rendered by the model's own chat template.
///
/// A chat prompt keeps its plain `text` and metadata — they are what the task's label-free verifiers read — and
/// gains `messages`; its reply is read with ``TaskFamily/extractAnswer(fromReply:)``, which tolerates a model that
/// restates the question before answering.
public enum TaskPosing: String, Sendable, Hashable, CaseIterable, Codable {
    case plain
    case chat

    /// The answer format every chat question states, so that a reply can be held to it.
    public static let numberOnly = "Answer with the number only."

    /// `prompt` as this posing puts it: unchanged when plain; with one user turn, `question()`, when chat.
    func pose(_ prompt: TaskPrompt, question: () -> String) -> TaskPrompt {
        guard self == .chat else { return prompt }
        var posed = prompt
        posed.messages = [ChatMessage(role: "user", content: question())]
        return posed
    }
}
