import Evaluation
import Experiments
import Tasks
import Testing
import Tuning

struct TaskChoiceTests {
    @Test func difficultiesByTask() throws {
        let easyDocs = try #require(try TaskChoice.task(named: "docqa", difficulty: "easy") as? DocumentQATask)
        #expect(easyDocs.difficulty == .easy)
        #expect(TaskChoice.cacheName(easyDocs) == "docqa-easy")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "docqa")) == "docqa")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "arithmetic", difficulty: "hard")) == "arithmetic-hard")
        #expect(TaskChoice.cacheName(try TaskChoice.task(named: "sql")) == "sql")
        #expect(["arithmetic", "docqa", "sql"].map(TaskChoice.experimentDifficulty) == ["easy", "easy", "medium"])
        // Every task's experiment difficulty has a profile, so `tao warmstart --task T` makes the experiments' base.
        for name in BuiltInTasks.names {
            let task = try TaskChoice.task(named: name, difficulty: TaskChoice.experimentDifficulty(task: name))
            #expect(ExperimentProfile.named(TaskChoice.cacheName(task)) != nil, "\(name)")
        }
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
