import Testing
import Tasks
@testable import Scoring

struct MajorityVoteAuditTests {
    @Test func flagsAConfidentlyWrongModel() {
        let task = ArithmeticTask()
        let examples = task.labeled(count: 4, seed: 1)
        func wrong(_ example: LabeledExample) -> String { String(Int(example.answer)! + 1) }
        // Greedy is right on all four, but samples agree on a wrong answer for three of them.
        let cases = examples.enumerated().map { index, example in
            let samples = index == 0
                ? [example.answer, example.answer, wrong(example)]
                : [wrong(example), wrong(example), example.answer]
            return MajorityVoteAudit.Case(example: example, greedy: example.completion, samples: samples)
        }
        let audit = MajorityVoteAudit(task: task, cases: cases)
        #expect(audit.count == 4)
        #expect(audit.greedyAccuracy == 1)
        #expect(audit.majorityAccuracy == 0.25)
        #expect(audit.confidentlyWrong == 0.75)
        #expect(audit.passAtN == 1)
        #expect(!audit.majorityBeatsGreedy())
    }

    @Test func recognisesUsefulMajority() throws {
        let task = try SQLTask()
        let examples = task.labeled(count: 3, seed: 2)
        let cases = examples.map { example in
            MajorityVoteAudit.Case(
                example: example, greedy: "SELECT 'no such thing'\n",
                samples: [example.completion, example.answer + ";\n", "SELECT 2"])
        }
        let audit = MajorityVoteAudit(task: task, cases: cases)
        #expect(audit.greedyAccuracy == 0)
        #expect(audit.majorityAccuracy == 1)
        #expect(audit.majorityBeatsGreedy())
    }
}
