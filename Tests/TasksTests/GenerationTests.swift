import Testing
@testable import Tasks

/// Determinism, ids, metadata hygiene and prompt lengths, for every built-in family.
struct GenerationTests {
    static let families: [any TaskFamily] = [ArithmeticTask(), try! SQLTask(), DocumentQATask()]

    @Test(arguments: GenerationTests.families.map(\.name))
    func sameSeedSameItemsDifferentSeedDifferentItems(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        let first = task.labeled(count: 50, seed: 7)
        #expect(first == task.labeled(count: 50, seed: 7))
        let other = task.labeled(count: 50, seed: 8)
        #expect(first.map(\.prompt.text) != other.map(\.prompt.text))
        #expect(task.prompts(count: 50, seed: 7) == first.map(\.prompt))
    }

    @Test(arguments: GenerationTests.families.map(\.name))
    func idsAreDeterministicAndUnique(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        let prompts = task.prompts(count: 30, seed: 3)
        let prefix = name == "arithmetic" ? "arith" : name
        #expect(prompts.first?.id == "\(prefix)-3-0")
        #expect(prompts.last?.id == "\(prefix)-3-29")
        #expect(Set(prompts.map(\.id)).count == 30)
        #expect(prompts.allSatisfy { $0.task == name })
        #expect(task.evaluationSplit(count: 5).first?.prompt.id == "\(prefix)-eval-0")
    }

    @Test(arguments: GenerationTests.families.map(\.name))
    func metadataNeverCarriesTheGoldAnswer(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        for example in task.labeled(count: 200, seed: 11) {
            let keys = Set(example.prompt.metadata.keys)
            #expect(keys.isDisjoint(with: ["answer", "gold", "goldSQL", "label"]))
            if name == "sql" {
                #expect(!example.prompt.metadata.values.contains(example.answer))
                #expect(!example.prompt.text.contains("SELECT"))
            }
        }
    }

    /// Byte-level models see prompt + answer + stop marker; keep it well under ~160 bytes.
    @Test(arguments: GenerationTests.families.map(\.name))
    func promptPlusAnswerIsShort(task name: String) throws {
        let task = try BuiltInTasks.task(named: name)
        let examples = task.labeled(count: 500, seed: 5) + task.evaluationSplit(count: 200)
        let longest = examples.map { $0.prompt.text.utf8.count + $0.completion.utf8.count }.max() ?? 0
        #expect(longest <= 150, "longest \(name) example is \(longest) bytes")
        #expect(examples.allSatisfy { $0.prompt.text.utf8.allSatisfy { $0 < 128 } })
    }

    @Test func hardArithmeticIsLongerThanEasy() {
        let easy = ArithmeticTask(difficulty: .easy).prompts(count: 200, seed: 1)
        let hard = ArithmeticTask(difficulty: .hard).prompts(count: 200, seed: 1)
        #expect(easy.allSatisfy { !$0.text.contains("*") })
        #expect(hard.contains { $0.text.contains("*") })
        #expect(hard.map(\.text.count).reduce(0, +) > easy.map(\.text.count).reduce(0, +))
    }

    @Test func unknownTaskNameIsAClearError() {
        #expect(throws: TaskLookupError.unknownTask("poetry", known: BuiltInTasks.names)) {
            try BuiltInTasks.task(named: "poetry")
        }
        #expect("\(TaskLookupError.unknownTask("poetry", known: ["a", "b"]))".contains("known tasks: a, b"))
    }
}
