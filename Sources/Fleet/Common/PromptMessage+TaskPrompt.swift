import Messages
import Tasks

/// The same prompt on the wire (`Messages`, which depends on nothing) and as the task families and scorers see it
/// (`Tasks`); the fleet converts between the two here, once.
extension PromptMessage {
    public init(_ prompt: TaskPrompt) {
        self.init(id: prompt.id, task: prompt.task, text: prompt.text, metadata: prompt.metadata)
    }
}

extension TaskPrompt {
    public init(_ message: PromptMessage) {
        self.init(id: message.id, task: message.task, text: message.text, metadata: message.metadata)
    }
}
