import ChatTemplates
import Messages
import Tasks

/// The same prompt on the wire (`Messages`, which depends on nothing) and as the task families and scorers see it
/// (`Tasks`); the fleet converts between the two here, once. A chat prompt keeps its messages both ways: the
/// generator renders them, and the scorer reads the reply by the task's reply rule because they are there.
extension PromptMessage {
    public init(_ prompt: TaskPrompt) {
        self.init(
            id: prompt.id, task: prompt.task, text: prompt.text,
            messages: prompt.messages?.map { Turn(role: $0.role, content: $0.content) }, metadata: prompt.metadata)
    }
}

extension TaskPrompt {
    public init(_ message: PromptMessage) {
        self.init(
            id: message.id, task: message.task, text: message.text, metadata: message.metadata,
            messages: message.messages?.map { ChatMessage(role: $0.role, content: $0.content) })
    }
}
