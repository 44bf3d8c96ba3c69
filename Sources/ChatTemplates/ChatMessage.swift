/// One turn of an OpenAI-style conversation: `{"role": "user", "content": "…"}`. A template sees it as a dict
/// with exactly these two keys, in this order, as transformers passes it.
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}
