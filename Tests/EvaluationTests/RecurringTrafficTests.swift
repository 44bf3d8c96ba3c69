import Evaluation
import Experiments
@testable import Tasks
import Testing
import Tuning

@Suite struct RecurringTrafficTests {
    @Test func promptsCycleWithAnIdPerPass() {
        let distinct = ArithmeticTask(difficulty: .easy).prompts(count: 3, seed: 2)
        let traffic = TaskPrompt.recurring(distinct, count: 7)
        #expect(traffic.map(\.text) == (0..<7).map { distinct[$0 % 3].text })
        #expect(Array(traffic.prefix(3).map(\.id)) == distinct.map(\.id), "the first pass keeps the ids")
        #expect(traffic[3].id == distinct[0].id + "#2" && traffic[6].id == distinct[0].id + "#3")
        #expect(Set(traffic.map(\.id)).count == 7)
    }
}
