import ChatTemplates
import Foundation

/// OpenAI-style chat messages (`[{"role": "user", "content": "…"}]`) given as JSON text, e.g. on a command line.
public enum ChatMessages {
    /// The messages of `json`, or an error saying what shape was expected.
    public static func parse(_ json: String) throws -> [ChatMessage] {
        let messages: [ChatMessage]
        do {
            messages = try JSONDecoder().decode([ChatMessage].self, from: Data(json.utf8))
        } catch {
            throw ChatFormatError.badMessages(
                reason: "expected a JSON array of {\"role\": …, \"content\": …} objects (\(Self.describe(error)))")
        }
        try check(messages)
        return messages
    }

    /// Throws unless there is at least one message and every role is non-empty.
    public static func check(_ messages: [ChatMessage]) throws {
        guard !messages.isEmpty else { throw ChatFormatError.badMessages(reason: "there are no messages") }
        if let index = messages.firstIndex(where: { $0.role.isEmpty }) {
            throw ChatFormatError.badMessages(reason: "message \(index) has an empty role")
        }
    }

    /// `messages`, once ``check(_:)`` passes.
    public static func checked(_ messages: [ChatMessage]) throws -> [ChatMessage] {
        try check(messages)
        return messages
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "message \(context.codingPath.first?.intValue ?? 0) has no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))"
        default:
            "not valid JSON"
        }
    }
}
