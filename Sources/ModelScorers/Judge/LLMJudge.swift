import ChatTemplates
import Foundation
import Llama
import Tasks

/// A language model used as a grader (any model the engine loads, not necessarily the policy): it reads a
/// ``JudgeTemplate`` filled with a prompt and candidates, and its verdict is read from the next-token probabilities
/// of its reply's first token (``VerdictTokens``).
///
/// Threading: not thread-safe (the engine is not); ``LLMJudgeScorer`` keeps it on one worker.
public final class LLMJudge: @unchecked Sendable {
    public let policy: LoadedPolicy
    public let template: JudgeTemplate
    /// Candidates longer than this many characters are cut (with "…") before they are shown to the judge.
    public let maxResponseCharacters: Int
    let input: ResponseTokens
    let verdicts: VerdictTokens
    /// For a grade, the token that follows "1" in "10".
    let zero: Int?

    public init(policy: LoadedPolicy, template: JudgeTemplate, maxResponseCharacters: Int = 400) throws {
        try template.validate()
        self.policy = policy
        self.template = template
        self.maxResponseCharacters = maxResponseCharacters
        input = ResponseTokens(policy: policy, maxResponseTokens: 0)
        switch template.mode {
        case .yesNo: verdicts = try VerdictTokens(["yes", "no"], tokenizer: policy.tokenizer)
        case .pairwise: verdicts = try VerdictTokens(["A", "B"], tokenizer: policy.tokenizer)
        case .grade: verdicts = try VerdictTokens((1...9).map(String.init), tokenizer: policy.tokenizer)
        }
        let zeroTokens = policy.tokenizer.encode("0")
        zero = template.mode == .grade && zeroTokens.count == 1 ? zeroTokens[0] : nil
    }

    /// What the judge is told the task was: the chat's last user turn, else the prompt text.
    public static func promptText(_ prompt: TaskPrompt) -> String {
        prompt.messages?.last(where: { $0.role == "user" })?.content ?? prompt.text
    }

    func shown(_ response: String) -> String {
        let trimmed = response.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count <= maxResponseCharacters ? trimmed : String(trimmed.prefix(maxResponseCharacters)) + "…"
    }

    /// The judge's tokens for a question: its chat template with a generation prompt, or the text as is.
    func tokens(_ question: String) throws -> [Int] {
        if (try? input.chat.get()) != nil {
            return try input.prompt(TaskPrompt(id: "", task: "", text: question, messages: [ChatMessage(role: "user", content: question)]))
        }
        return try input.prompt(TaskPrompt(id: "", task: "", text: question + "\n"))
    }

    /// Scores in [0, 1], one per response, for one prompt.
    public func judge(prompt: TaskPrompt, responses: [String]) throws -> [Double] {
        let question = Self.promptText(prompt)
        switch template.mode {
        case .yesNo:
            let sequences = try responses.map { try tokens(template.question(prompt: question, response: shown($0))) }
            return try nextTokenDistributions(sequences).map { probabilities in
                let mass = probabilities.withUnsafeBufferPointer { verdicts.mass($0) }
                return mass[0] + mass[1] > 0 ? mass[0] / (mass[0] + mass[1]) : 0.5
            }
        case .grade:
            return try grades(question: question, responses: responses)
        case .pairwise:
            return try pairwise(question: question, responses: responses)
        }
    }

    /// (E[grade] − 1) / 9 from the probabilities of "1"…"9" as the first reply token, "1" split into "1" and "10" by
    /// the probability that "0" follows it.
    func grades(question: String, responses: [String]) throws -> [Double] {
        let sequences = try responses.map { try tokens(template.question(prompt: question, response: shown($0))) }
        let first = try nextTokenDistributions(sequences)
        var tens = [Double](repeating: 0, count: responses.count)
        if let zero {
            let one = verdicts.ids[0][0]
            tens = try nextTokenDistributions(sequences.map { $0 + [one] }).map { Double($0[zero]) }
        }
        return zip(first, tens).map { probabilities, ten in
            let mass = probabilities.withUnsafeBufferPointer { verdicts.mass($0) }
            let total = mass.reduce(0, +)
            guard total > 0 else { return 0.5 }
            var expected = mass[0] * (1 * (1 - ten) + 10 * ten)
            for digit in 2...9 { expected += Double(digit) * mass[digit - 1] }
            return min(1, max(0, (expected / total - 1) / 9))
        }
    }

    /// Each response against every other, shown first and second (so a judge that favours a position gains
    /// nothing): score i = mean over j ≠ i of (P(A | i, j) + P(B | j, i)) / 2, with P normalised over A and B.
    func pairwise(question: String, responses: [String]) throws -> [Double] {
        let n = responses.count
        guard n > 1 else { return [0.5] }
        var orders: [(Int, Int)] = []
        for i in 0..<n { for j in 0..<n where i != j { orders.append((i, j)) } }
        let sequences = try orders.map { i, j in
            try tokens(template.question(prompt: question, a: shown(responses[i]), b: shown(responses[j])))
        }
        var wins = [Double](repeating: 0, count: n)
        for ((i, j), probabilities) in zip(orders, try nextTokenDistributions(sequences)) {
            let mass = probabilities.withUnsafeBufferPointer { verdicts.mass($0) }
            let a = mass[0] + mass[1] > 0 ? mass[0] / (mass[0] + mass[1]) : 0.5
            wins[i] += a / 2       // i shown first, judged better
            wins[j] += (1 - a) / 2 // j shown second, judged better
        }
        return wins.map { $0 / Double(n - 1) }
    }

    /// The next-token distribution after each sequence, in batches of ``batchSize``.
    public var batchSize = 8

    func nextTokenDistributions(_ sequences: [[Int]]) throws -> [[Float]] {
        var out: [[Float]] = []
        let model = policy.model, V = model.config.vocabSize
        if let longest = sequences.map(\.count).max(), longest > model.config.maxPositionEmbeddings {
            throw JudgeError.tooLong(tokens: longest, context: model.config.maxPositionEmbeddings)
        }
        for start in stride(from: 0, to: sequences.count, by: batchSize) {
            let batch = PaddedBatch(Array(sequences[start..<min(sequences.count, start + batchSize)]), context: model.config.maxPositionEmbeddings)
            let logits = model.forward(tokens: batch.tokens, B: batch.B, T: batch.T)
            for b in 0..<batch.B {
                let offset = batch.last(b) * V
                var row = Array(logits[offset..<(offset + V)])
                let top = row.max()!
                var sum: Float = 0
                for v in 0..<V { row[v] = exp(row[v] - top); sum += row[v] }
                for v in 0..<V { row[v] /= sum }
                out.append(row)
            }
        }
        return out
    }
}
