import Evaluation
import Experiments
import Foundation
import Tasks
import Testing
import Tuning

@Suite struct ExperimentSetupTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tao-setup-unused")

    @Test func warmStartDevAndTuningItemsAreDisjointAndTheHeldOutSplitIsSeparate() throws {
        let task = ArithmeticTask(difficulty: .easy)
        let warm = WarmStartSettings(examples: 5000)
        let setup = try ExperimentSetup(
            task: task, warmStart: warm, promptCount: 300, devCount: 100, cacheRoot: root, workDirectory: root)
        let seen = Set(task.labeled(count: 5000, seed: warm.dataSeed).map(\.prompt.text))
        let dev = Set(setup.devExamples.map(\.prompt.text))
        let tuning = Set(setup.tuningExamples.map(\.prompt.text))
        let heldOut = Set(setup.evalExamples.map(\.prompt.text))
        #expect(setup.devExamples.count == 100 && setup.tuningExamples.count == 300)
        #expect(dev.isDisjoint(with: seen), "dev items are ones the warm start never saw")
        #expect(dev.isDisjoint(with: tuning), "the gate's dev items are never tuned on")
        #expect(heldOut.isDisjoint(with: dev.union(tuning).union(seen)))
        #expect(Set(setup.tuningExamples.map(\.prompt.id)).count == 300, "prompt ids are unique")
        #expect(setup.trafficExamples.count == min(200, tuning.count))
        #expect(throws: ExperimentError.promptSeedIsWarmStartSeed(1)) {
            try ExperimentSetup(
                task: task, warmStart: warm, promptCount: 10, promptSeed: warm.dataSeed, cacheRoot: root,
                workDirectory: root)
        }
    }

    @Test func sqlKeepsDevQuestionsOnlyWhenTheWarmStartLeavesSome() throws {
        let task = try BuiltInTasks.task(named: "sql")
        let small = try ExperimentSetup(
            task: task, warmStart: WarmStartSettings(examples: 100), promptCount: 400, cacheRoot: root,
            workDirectory: root)
        #expect(!small.devExamples.isEmpty)
        #expect(small.tuningExamples.count == 400, "the remaining questions recur, as traffic does")
        #expect(Set(small.devExamples.map(\.prompt.text)).isDisjoint(with: small.tuningExamples.map(\.prompt.text)))
        #expect(throws: ExperimentError.self) {
            try ExperimentSetup(
                task: task, warmStart: WarmStartSettings(examples: 20_000), promptCount: 10, cacheRoot: root,
                workDirectory: root)
        }
    }
}
