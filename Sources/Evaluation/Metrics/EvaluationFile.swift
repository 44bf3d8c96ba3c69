import ChatTemplates
import Foundation
import Llama
import Tasks

/// Prompts with reference answers from a JSON Lines file, for evaluating on your own data.
///
/// One object per line (blank lines are skipped):
///
///     {"id": "q1", "task": "arithmetic", "prompt": "12+34*6=", "answer": "216"}
///     {"id": "q2", "task": "arithmetic", "messages": [{"role": "user", "content": "12+34*6="}], "answer": "216"}
///
/// `prompt` is exactly what the model sees (it ends where the answer starts); `messages` makes the line a chat
/// instead, rendered with the model's chat template and answered until its end-of-turn token. With both, the model
/// sees `messages` and the task's rules (its verifier) read `prompt`; with `messages` alone they read the last user
/// message. `answer` is the reference, compared
/// with the task's own rules (integer equality for arithmetic and docqa, result sets for sql). `task` must be the
/// task being evaluated, so a file of the wrong family is caught instead of scored as all wrong.
public enum EvaluationFile {
    struct Line: Decodable {
        var id: String
        var task: String
        var prompt: String?
        var messages: [ChatMessage]?
        var answer: String
    }

    /// The examples of `contents`, in file order.
    /// - Parameter name: the file's name in error messages.
    /// - Throws: ``EvaluationFileError`` naming the first bad line and what is wrong with it.
    public static func parse(_ contents: String, task: String, name: String) throws -> [LabeledExample] {
        var examples: [LabeledExample] = []
        var ids: Set<String> = []
        for (index, text) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let number = index + 1
            let line: Line
            do {
                line = try JSONDecoder().decode(Line.self, from: Data(trimmed.utf8))
            } catch DecodingError.keyNotFound(let key, _) {
                throw EvaluationFileError.badLine(
                    file: name, line: number, reason: "missing field \"\(key.stringValue)\"")
            } catch DecodingError.typeMismatch(_, let context) {
                let field = context.codingPath.map(\.stringValue).joined(separator: ".")
                throw EvaluationFileError.badLine(
                    file: name, line: number, reason: "field \"\(field)\" must be a string")
            } catch {
                throw EvaluationFileError.badLine(file: name, line: number, reason: "not a JSON object")
            }
            guard line.task == task else {
                throw EvaluationFileError.badLine(
                    file: name, line: number, reason: "task is \"\(line.task)\" but the evaluation is for \"\(task)\"")
            }
            guard line.prompt != nil || line.messages != nil else {
                throw EvaluationFileError.badLine(
                    file: name, line: number, reason: "give \"prompt\" (text), \"messages\" (a chat) or both")
            }
            if let messages = line.messages {
                do { try ChatMessages.check(messages) } catch {
                    throw EvaluationFileError.badLine(file: name, line: number, reason: "\(error)")
                }
            }
            let text = line.prompt ?? line.messages?.last { $0.role == "user" }?.content ?? ""
            guard line.messages != nil || !text.isEmpty else {
                throw EvaluationFileError.badLine(file: name, line: number, reason: "prompt is empty")
            }
            guard ids.insert(line.id).inserted else {
                throw EvaluationFileError.badLine(file: name, line: number, reason: "id \"\(line.id)\" appears twice")
            }
            examples.append(LabeledExample(
                prompt: TaskPrompt(id: line.id, task: line.task, text: text, messages: line.messages),
                answer: line.answer))
        }
        guard !examples.isEmpty else { throw EvaluationFileError.empty(file: name) }
        return examples
    }

    /// The examples of the file at `url`.
    public static func load(_ url: URL, task: String) throws -> [LabeledExample] {
        let contents: String
        do {
            contents = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw EvaluationFileError.unreadable(file: url.path, reason: "\(error.localizedDescription)")
        }
        return try parse(contents, task: task, name: url.path)
    }
}

/// What is wrong with an evaluation file.
public enum EvaluationFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case badLine(file: String, line: Int, reason: String)
    case empty(file: String)

    public var description: String {
        let format = #"expected one {"id","task","prompt" or "messages","answer"} object per line"#
        switch self {
        case .unreadable(let file, let reason): return "cannot read \(file) as UTF-8: \(reason)"
        case .badLine(let file, let line, let reason): return "\(file):\(line): \(reason); \(format)"
        case .empty(let file): return "\(file) has no examples; \(format)"
        }
    }
}
