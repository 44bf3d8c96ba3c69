import Foundation
import Tasks

/// The body of one request, schema `tao.score-request/1` (docs/schemas/score-request.schema.json):
///
/// ```json
/// {"schema": "tao.score-request/1", "scorer": "http",
///  "prompt": {"id": "arith-7-12", "task": "arithmetic", "text": "12+345*6=", "metadata": {"expression": "12+345*6"}},
///  "candidates": [{"index": 0, "text": "2082\n"}, {"index": 1, "text": "2100\n"}]}
/// ```
///
/// `index` is the candidate's position in the whole group, also when the group is split over several requests.
struct ScoreRequest: Encodable, Sendable {
    static let schemaVersion = "tao.score-request/1"

    struct Prompt: Encodable, Sendable {
        var id: String
        var task: String
        var text: String
        var metadata: [String: String]
    }

    struct Candidate: Encodable, Sendable {
        var index: Int
        var text: String
    }

    var schema = Self.schemaVersion
    var scorer: String
    var prompt: Prompt
    var candidates: [Candidate]

    init(scorer: String, prompt: TaskPrompt, completions: ArraySlice<String>) {
        self.scorer = scorer
        self.prompt = Prompt(id: prompt.id, task: prompt.task, text: prompt.text, metadata: prompt.metadata)
        candidates = zip(completions.indices, completions).map { Candidate(index: $0, text: $1) }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}
