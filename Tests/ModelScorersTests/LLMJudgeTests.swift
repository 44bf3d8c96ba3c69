import Foundation
import Llama
import ModelScorers
import Scoring
import Tasks
import Testing

@Suite struct LLMJudgeTests {
    let prompt = TaskPrompt(id: "p", task: "arithmetic", text: "12+30=")

    /// The yes/no verdict read straight from the engine's logits, without the judge's code path.
    func referenceYesShare(_ policy: LoadedPolicy, response: String) -> Double {
        let question = JudgeTemplate(mode: .yesNo).question(prompt: prompt.text, response: response) + "\n"
        let tokens = policy.tokenizer.encode(question, addingSpecialTokens: true).map(Int32.init)
        let logits = policy.model.forward(tokens: tokens, B: 1, T: tokens.count)
        let V = policy.model.config.vocabSize
        let last = logits[((tokens.count - 1) * V)...].map(Double.init)
        let top = last.max()!
        let weights = last.map { exp($0 - top) }
        let byte = { (c: Character) in Int(c.asciiValue!) }
        let yes = weights[byte("y")] + weights[byte("Y")], no = weights[byte("n")] + weights[byte("N")]
        return yes / (yes + no)
    }

    @Test func aYesNoVerdictIsTheShareOfYesInTheFirstReplyToken() async throws {
        let policy = TinyPolicies.policy(seed: 11)
        let scorer = LLMJudgeScorer(judge: try LLMJudge(policy: policy, template: JudgeTemplate(mode: .yesNo)))
        let responses = ["42", "41", "forty-two"]
        let scores = try await scorer.score(prompt: prompt, completions: responses)
        for (score, response) in zip(scores, responses) {
            #expect(abs(score.total - referenceYesShare(policy, response: response)) < 1e-4)
            #expect(score.components["yes-no"] == score.total)
        }
        #expect(Set(scores.map(\.total)).count == 3, "different answers get different verdicts")
    }

    @Test func pairwiseJudgingShowsEachPairInBothOrders() async throws {
        let judge = try LLMJudge(policy: TinyPolicies.policy(seed: 12), template: JudgeTemplate(mode: .pairwise))
        let responses = ["42", "41", "7", "420"]
        let scores = try judge.judge(prompt: prompt, responses: responses)
        // Every ordered pair hands out 1/2 in total, so the scores sum to n/2 whatever the judge thinks …
        #expect(abs(scores.reduce(0, +) - 2) < 1e-9)
        // … and a candidate's score does not depend on where it sits in the group.
        let reversed = try judge.judge(prompt: prompt, responses: responses.reversed())
        for (a, b) in zip(scores, reversed.reversed()) { #expect(abs(a - b) < 1e-6) }
        #expect(scores.allSatisfy { (0...1).contains($0) })
    }

    @Test func gradesAreExpectedValuesInTheUnitInterval() throws {
        let judge = try LLMJudge(policy: TinyPolicies.policy(seed: 13), template: JudgeTemplate(mode: .grade))
        let grades = try judge.judge(prompt: prompt, responses: ["42", "0"])
        let again = try judge.judge(prompt: prompt, responses: ["42", "0"])
        #expect(grades.allSatisfy { (0...1).contains($0) } && grades == again)
    }

    @Test func aTemplateWithoutItsPlaceholdersIsRefused() {
        #expect {
            _ = try LLMJudge(policy: TinyPolicies.policy(), template: JudgeTemplate(mode: .pairwise, text: "Which is better, {response}?"))
        } throws: { "\($0)".contains("{prompt}") || "\($0)".contains("{response_a}") }
    }
}

extension LLMJudgeTests {
    @Test func aQuestionLongerThanTheJudgesContextIsAnErrorNotACrash() async throws {
        let scorer = LLMJudgeScorer(judge: try LLMJudge(policy: TinyPolicies.policy(), template: JudgeTemplate(mode: .yesNo), maxResponseCharacters: 10_000))
        await #expect { _ = try await scorer.score(prompt: prompt, completions: [String(repeating: "9", count: 600)]) } throws: {
            "\($0)".contains("more than its context of 512")
        }
    }
}
