import Testing
@testable import Tasks

/// The evaluation split never overlaps anything the training generators can produce.
struct HoldoutSplitTests {
    @Test(arguments: GenerationTests.families.map(\.name))
    func evaluationIsDisjointFromTraining(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        let evaluation = task.evaluationSplit(count: 200)
        #expect(evaluation.count >= 15)
        let evalTexts = Set(evaluation.map(\.prompt.text))
        #expect(evalTexts.count == evaluation.count, "evaluation items are distinct")
        for seed: UInt64 in 0..<10 {
            let training = Set(task.prompts(count: 300, seed: seed).map(\.text))
            #expect(training.isDisjoint(with: evalTexts), "seed \(seed) leaked an evaluation item")
        }
    }

    @Test(arguments: GenerationTests.families.map(\.name))
    func evaluationIsFixed(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        #expect(task.evaluationSplit(count: 40) == task.evaluationSplit(count: 40))
        #expect(Array(task.evaluationSplit(count: 40).prefix(10)) == task.evaluationSplit(count: 10))
    }

    @Test func openEndedFamiliesFillTheRequestedEvaluationSize() {
        #expect(ArithmeticTask().evaluationSplit(count: 500).count == 500)
        #expect(DocumentQATask().evaluationSplit(count: 500).count == 500)
    }

    @Test func sqlSplitPartitionsTheQuestionSpace() throws {
        let task = try SQLTask()
        let all = SQLQuestionTemplates.all
        #expect(Set(all.map(\.question)).count == all.count, "questions are unique")
        #expect(task.trainingQuestions.count + task.heldOutQuestions.count == all.count)
        #expect(task.heldOutQuestions.count >= all.count / 10 && task.heldOutQuestions.count <= all.count / 3)
        #expect(task.evaluationSplit(count: 1000).count == task.heldOutQuestions.count)
    }

    @Test func heldOutShareIsCloseToTheConfiguredPercent() {
        let split = HoldoutSplit(salt: "test", heldOutPercent: 20)
        let heldOut = (0..<10_000).filter { split.isHeldOut("item-\($0)") }.count
        #expect((1700...2300).contains(heldOut))
    }
}

extension HoldoutSplitTests {
    /// Held-out SQL questions are new combinations of templates the model was trained on.
    @Test func everyHeldOutSQLTemplateAlsoHasTrainingQuestions() throws {
        let task = try SQLTask()
        let trainingTemplates = Set(task.trainingQuestions.map(\.template))
        for question in task.heldOutQuestions {
            #expect(trainingTemplates.contains(question.template), "\(question.template) only in evaluation")
        }
    }
}
