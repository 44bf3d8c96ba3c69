import Testing
import Evaluation
import Tasks

struct TaskChoiceTests {
    @Test func difficultiesByTask() throws {
        let easyDocs = try #require(try TaskChoice.task(named: "docqa", difficulty: "easy") as? DocumentQATask)
        #expect(easyDocs.difficulty == .easy)
        #expect(TaskChoice.cacheName(easyDocs) == "docqa-easy")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "docqa")) == "docqa")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "arithmetic", difficulty: "hard")) == "arithmetic-hard")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "sql")) == "sql")
    }

    @Test func unknownOrInapplicableDifficultiesAreRefused() {
        #expect(throws: TaskChoiceError.unknownDifficulty("hard", known: ["easy", "medium"])) {
            try TaskChoice.task(named: "docqa", difficulty: "hard")
        }
        #expect(throws: TaskChoiceError.difficultyNotApplicable(task: "sql")) {
            try TaskChoice.task(named: "sql", difficulty: "easy")
        }
        #expect(throws: TaskLookupError.unknownTask("poetry", known: BuiltInTasks.names)) {
            try TaskChoice.task(named: "poetry")
        }
    }
}
