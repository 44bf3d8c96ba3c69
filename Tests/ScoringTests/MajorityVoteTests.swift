import Testing
import Tasks
@testable import Scoring

struct MajorityVoteTests {
    let prompt = TaskPrompt(id: "m", task: "arithmetic", text: "2+2=")

    @Test func pluralityAnswerWinsAndEquivalentFormsVoteTogether() async throws {
        let scores = try await MajorityVoteScorer(task: ArithmeticTask())
            .score(prompt: prompt, completions: ["4\n", "+4", "004\nxx", "5", "", "four"])
        #expect(scores.map(\.total) == [1, 1, 1, 0, 0, 0])
        #expect(scores[0].components["voteShare"] == 0.5)
        #expect(scores[4].components["voteShare"] == 0)
    }

    @Test func tiesHaveNoWinnerByDefault() async throws {
        let completions = ["4", "5", "4", "5", "6"]
        let byDefault = try await MajorityVoteScorer(task: ArithmeticTask()).score(prompt: prompt, completions: completions)
        #expect(byDefault.allSatisfy { $0.total == 0 })
        let smallest = try await MajorityVoteScorer(task: ArithmeticTask(), tieBreak: .smallestAnswer)
            .score(prompt: prompt, completions: completions)
        #expect(smallest.map(\.total) == [1, 0, 1, 0, 0])
    }

    @Test func allDifferentAnswersRewardNobody() {
        let vote = PluralityVote(["1", "2", "3"], tieBreak: .noWinner)
        #expect(vote.winner == nil)
        #expect(PluralityVote([nil, nil], tieBreak: .smallestAnswer).winner == nil)
        #expect(PluralityVote(["7"], tieBreak: .noWinner).winner == "7")
    }

    @Test(arguments: PluralityVote.TieBreak.allCases)
    func resultDoesNotDependOnCandidateOrder(tieBreak: PluralityVote.TieBreak) async throws {
        let scorer = MajorityVoteScorer(task: ArithmeticTask(), tieBreak: tieBreak)
        let completions = ["10", "12", "12", "10", "9", "x"]
        let forward = try await scorer.score(prompt: prompt, completions: completions)
        let backward = try await scorer.score(prompt: prompt, completions: completions.reversed())
        #expect(forward == backward.reversed())
    }

    @Test func formatScorerChecksPresenceAndShape() async throws {
        let sqlPrompt = TaskPrompt(id: "s", task: "sql", text: "Q: x\nSQL: ")
        let sql = try await FormatScorer(task: try SQLTask())
            .score(prompt: sqlPrompt, completions: ["SELECT 1\n", "DROP TABLE x", "\n"])
        #expect(sql.map(\.total) == [1, 0, 0])
        #expect(sql.map { $0.components["present"] } == [1, 1, 0])
        let numbers = try await FormatScorer(task: DocumentQATask())
            .score(prompt: prompt, completions: ["1,200\n", "12.5", "abc"])
        #expect(numbers.map(\.total) == [1, 0, 0])
    }
}
