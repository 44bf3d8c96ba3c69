import Evaluation
import Experiments
import Tasks
import Testing

/// The rules for changing a task's experiment profile live in `Experiments`, where a test can hold them.
@Suite struct ExperimentOverridesTests {
    @Test func overridesChangeOnlyWhatTheyNameAndABadScorerFailsAtOnce() throws {
        let family = try TaskChoice.task(named: "arithmetic", difficulty: "easy")
        let plain = try ExperimentProfile.resolved(for: family, overrides: .init())
        var overrides = ExperimentProfile.Overrides()
        overrides.updatesPerVersion = 3
        overrides.prompts = 17
        let changed = try ExperimentProfile.resolved(for: family, overrides: overrides)
        #expect(changed.tuning.updatesPerVersion == 3 && changed.tuning.promptsInFlight == 6)
        #expect(changed.promptCount == 17)
        #expect(changed.warmStart == plain.warmStart && changed.devCount == plain.devCount)
        #expect(changed.tuning.runId != plain.tuning.runId, "every run gets topics of its own")
        overrides.scorer = "no-such-scorer"
        #expect(throws: (any Error).self) { try ExperimentProfile.resolved(for: family, overrides: overrides) }
    }
}
