/// How an LLM judge is asked about candidates, and how its answer becomes a score.
///
/// Placeholders: `{prompt}` (the task prompt as its user wrote it: the chat's last user turn, else the text),
/// `{response}` (the candidate), and for pairwise judging `{response_a}`, `{response_b}`. The filled template is sent
/// as one user turn through the judge's own chat template (a model without one reads it as plain text), and the
/// verdict is read from the probabilities of the judge's first reply token — no sampling, so a judgement is
/// deterministic and costs one forward pass.
public struct JudgeTemplate: Codable, Sendable, Hashable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// P(yes) / (P(yes) + P(no)) of the first reply token.
        case yesNo = "yes-no"
        /// The expected grade on 1–10 from the probabilities of the grade tokens, mapped to (E − 1) / 9.
        case grade
        /// Pairwise: each candidate against the others, both orders (position-bias control); the score is the mean
        /// probability of being preferred.
        case pairwise
    }

    public var mode: Mode
    public var text: String

    public init(mode: Mode, text: String? = nil) {
        self.mode = mode
        self.text = text ?? Self.defaultText(mode)
    }

    public static func defaultText(_ mode: Mode) -> String {
        switch mode {
        case .yesNo:
            return """
                Here is a question and a proposed answer.

                Question: {prompt}

                Proposed answer: {response}

                Is the proposed answer correct? Reply with yes or no.
                """
        case .grade:
            return """
                Here is a question and a proposed answer.

                Question: {prompt}

                Proposed answer: {response}

                Grade the proposed answer from 1 (wrong) to 10 (correct and clear). Reply with the grade only.
                """
        case .pairwise:
            return """
                Here is a question and two proposed answers.

                Question: {prompt}

                Answer A: {response_a}

                Answer B: {response_b}

                Which answer is correct? Reply with A or B.
                """
        }
    }

    /// The placeholders a template of this mode must contain.
    public var requiredPlaceholders: [String] {
        mode == .pairwise ? ["{prompt}", "{response_a}", "{response_b}"] : ["{prompt}", "{response}"]
    }

    /// - Throws: `JudgeError.badTemplate` naming the missing placeholder.
    public func validate() throws {
        for placeholder in requiredPlaceholders where !text.contains(placeholder) {
            throw JudgeError.badTemplate(mode: mode.rawValue, missing: placeholder)
        }
    }

    /// The judge's question about one response.
    public func question(prompt: String, response: String) -> String {
        text.replacingOccurrences(of: "{prompt}", with: prompt).replacingOccurrences(of: "{response}", with: response)
    }

    /// The judge's question about two responses, `a` shown first.
    public func question(prompt: String, a: String, b: String) -> String {
        text.replacingOccurrences(of: "{prompt}", with: prompt)
            .replacingOccurrences(of: "{response_a}", with: a).replacingOccurrences(of: "{response_b}", with: b)
    }
}

public enum JudgeError: Error, Equatable, CustomStringConvertible {
    case badTemplate(mode: String, missing: String)
    case noVerdictTokens(String)
    case tooLong(tokens: Int, context: Int)

    public var description: String {
        switch self {
        case .badTemplate(let mode, let missing):
            return "the \(mode) judge template has no \(missing) placeholder; put it where the judge should read it"
        case .tooLong(let tokens, let context):
            return "the judge's question is \(tokens) tokens, more than its context of \(context); "
                + "shorten the judge template or lower scorer.judge.max-response-characters"
        case .noVerdictTokens(let what):
            return "the judge's tokenizer has no single token for \(what); use another judge model or mode"
        }
    }
}
