import ChatTemplates
import Deterministic
import Foundation
import Tasks

/// One preference: for a prompt, the response a labeler chose over another. The JSONL format `tao reward-model train`
/// reads, one object per line:
///
/// ```json
/// {"prompt": "12+34=", "chosen": "46\n", "rejected": "45\n"}
/// {"messages": [{"role": "user", "content": "What is 12 + 34?"}], "chosen": "46", "rejected": "45"}
/// ```
///
/// `prompt` is text the model continues; `messages` a chat rendered with the model's chat template (the reply follows
/// its generation prompt). Exactly one of the two. `id` is optional (the line number otherwise).
public struct PreferencePair: Codable, Sendable, Hashable {
    public var id: String?
    public var prompt: String?
    public var messages: [ChatMessage]?
    public var chosen: String
    public var rejected: String

    public init(id: String? = nil, prompt: String? = nil, messages: [ChatMessage]? = nil, chosen: String, rejected: String) {
        self.id = id
        self.prompt = prompt
        self.messages = messages
        self.chosen = chosen
        self.rejected = rejected
    }

    /// A pair for a task prompt: its chat when it has one, else its text.
    public init(id: String? = nil, prompt: TaskPrompt, chosen: String, rejected: String) {
        self.init(id: id, prompt: prompt.messages == nil ? prompt.text : nil, messages: prompt.messages,
                  chosen: chosen, rejected: rejected)
    }

    /// The prompt as the scorer sees one: a task prompt with this pair's text or chat.
    public var taskPrompt: TaskPrompt {
        TaskPrompt(id: id ?? "", task: "", text: prompt ?? "", messages: messages)
    }

    /// Which pairs train and which are held out: by a hash of the prompt with `seed`, so every pair of one prompt is
    /// on one side, and a reward model and a judge trained with the same seed hold out the same prompts.
    public static func split(
        _ pairs: [PreferencePair], seed: UInt64, heldOutFraction: Double
    ) -> (train: [PreferencePair], heldOut: [PreferencePair]) {
        var train: [PreferencePair] = [], heldOut: [PreferencePair] = []
        for pair in pairs {
            let key = pair.prompt ?? (pair.messages ?? []).map { "\($0.role)\u{1}\($0.content)" }.joined(separator: "\u{2}")
            let unit = Double(FNV1a.hash64("\(seed)|\(key)") >> 11) / Double(1 << 53)
            if unit < heldOutFraction { heldOut.append(pair) } else { train.append(pair) }
        }
        return (train, heldOut)
    }

    /// Reads a JSONL file of pairs; blank lines are skipped.
    /// - Throws: `PreferencePairError` naming the file and line of the first bad one and what is wrong with it.
    public static func load(_ url: URL) throws -> [PreferencePair] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw PreferencePairError.unreadable(url.path, reason: "\(error)")
        }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws -> [PreferencePair] {
        var pairs: [PreferencePair] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let where_ = "\(file):\(index + 1)"
            var pair: PreferencePair
            do { pair = try JSONDecoder().decode(PreferencePair.self, from: Data(trimmed.utf8)) } catch {
                throw PreferencePairError.badLine(where_, reason: "not a pair object ({\"prompt\" or \"messages\", \"chosen\", \"rejected\"}): \(error)")
            }
            guard (pair.prompt == nil) != (pair.messages == nil) else {
                throw PreferencePairError.badLine(where_, reason: "give exactly one of \"prompt\" (text) and \"messages\" (a chat)")
            }
            guard pair.chosen != pair.rejected else {
                throw PreferencePairError.badLine(where_, reason: "\"chosen\" and \"rejected\" are the same text, which teaches nothing")
            }
            if pair.id == nil { pair.id = "line-\(index + 1)" }
            pairs.append(pair)
        }
        guard !pairs.isEmpty else { throw PreferencePairError.empty(file) }
        return pairs
    }

    /// The pairs as JSONL, one per line.
    public static func jsonLines(_ pairs: [PreferencePair]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try pairs.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}

public enum PreferencePairError: Error, Equatable, CustomStringConvertible {
    case unreadable(String, reason: String)
    case badLine(String, reason: String)
    case empty(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "cannot read preference pairs from \(file): \(reason)"
        case .badLine(let at, let reason): return "\(at): \(reason)"
        case .empty(let file):
            return "\(file) holds no preference pairs; write one JSON object per line, or make pairs with `tao reward-model pairs`"
        }
    }
}
