import Testing
import Tasks
@testable import Scoring

/// Every verifier agrees with the gold answers on all labeled data it can score, and rejects wrong ones.
struct VerifierAgreementTests {
    @Test func arithmeticVerifierAcceptsEveryGoldAnswer() async throws {
        let verifier = ArithmeticVerifier()
        for difficulty in [ArithmeticTask.Difficulty.easy, .medium, .hard] {
            let task = ArithmeticTask(difficulty: difficulty)
            for example in task.labeled(count: 300, seed: 1) + task.evaluationSplit(count: 200) {
                let wrong = String(Int(example.answer)! - 1) + "\n"
                let scores = try await verifier.score(
                    prompt: example.prompt, completions: [example.completion, wrong, "\n", "abc\n"])
                #expect(scores.map(\.total) == [1, 0, 0, 0], "\(example.prompt.text)")
                #expect(scores.map { $0.components["wellFormed"] } == [1, 1, 0, 0])
            }
        }
    }

    @Test func arithmeticVerifierReadsThePromptTextWithoutMetadata() async throws {
        let prompt = TaskPrompt(id: "x", task: "arithmetic", text: "12+345*6=")
        let scores = try await ArithmeticVerifier().score(prompt: prompt, completions: ["2082\n12+", "2082", "2083"])
        #expect(scores.map(\.total) == [1, 1, 0])
        await #expect(throws: ScoringError.self) {
            try await ArithmeticVerifier().score(prompt: TaskPrompt(id: "y", task: "arithmetic", text: "hello"), completions: ["1"])
        }
    }

    @Test func sqlScorerGivesGoldFullMarksAndBadQueriesZero() async throws {
        let task = try SQLTask()
        let scorer = SQLExecutionScorer(task: task)
        let rowsBefore = try await task.executor.execute("SELECT COUNT(*) FROM orders").get()
        for example in task.labeled(count: 120, seed: 3) + task.evaluationSplit(count: 100) {
            let completions = [
                example.completion, example.completion, "DROP TABLE orders\n", "SELECT FROM WHERE\n",
                "DELETE FROM customers; SELECT 1\n", "",
            ]
            let scores = try await scorer.score(prompt: example.prompt, completions: completions)
            #expect(scores[0].total == 1 && scores[1].total == 1, "\(example.answer)")
            #expect(scores[0].components == ["executes": 1, "nonEmpty": 1, "grounded": 1, "agreement": 1])
            #expect(scores.dropFirst(2).allSatisfy { $0.total == 0 })
            #expect(task.isCorrect(example.answer, for: example))
        }
        #expect(try await task.executor.execute("SELECT COUNT(*) FROM orders").get() == rowsBefore, "database unchanged")
    }

    @Test func sqlAgreementIsAboutResultsNotText() async throws {
        let task = try SQLTask()
        let prompt = TaskPrompt(id: "p", task: "sql", text: "Q: number of orders in 2023\nSQL: ", metadata: ["ordered": "false"])
        let completions = [
            "SELECT COUNT(*) FROM orders WHERE year=2023\n",
            "select count(oid) from orders where year = 2023;\n",
            "SELECT COUNT(*) FROM orders\n",
            "SELECT cname FROM customers WHERE city='Atlantis'\n",
        ]
        let scores = try await SQLExecutionScorer(task: task).score(prompt: prompt, completions: completions)
        #expect(scores.map { $0.components["agreement"] } == [1, 1, 0, 0])
        #expect(scores.map { $0.components["nonEmpty"] } == [1, 1, 1, 0])
        #expect(scores.map { $0.components["executes"] } == [1, 1, 1, 1])
        #expect(scores.map { $0.components["grounded"] } == [1, 1, 0, 0], "the third ignores 2023, the last names Atlantis")
        #expect(abs(scores[2].total - 0.2) < 1e-12)
    }

    @Test func sqlGroundingAcceptsEveryGoldQueryAndCatchesWrongConstants() async throws {
        let task = try SQLTask()
        for question in SQLQuestionTemplates.all {
            #expect(SQLGrounding.isGrounded(sql: question.goldSQL, question: question.question), "\(question.goldSQL)")
        }
        let question = "number of orders from Lyon in 2023"
        let prompt = TaskPrompt(id: "g", task: "sql", text: "Q: \(question)\nSQL: ", metadata: ["ordered": "false"])
        #expect(SQLGrounding.question(ofPrompt: prompt.text) == question)
        let join = "SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE"
        let completions = [
            "\(join) city='Lyon' AND year=2023\n", "\(join) city='Nice' AND year=2023\n",
            "\(join) city='Lyon' AND year=2022\n", "\(join) city='Lyon'\n", "\(join) city='Lyo' AND year=2023\n",
        ]
        let scores = try await SQLExecutionScorer(task: task).score(prompt: prompt, completions: completions)
        #expect(scores.map { $0.components["grounded"] } == [1, 0, 0, 0, 0])
        #expect(scores.map { $0.components["executes"] } == [1, 1, 1, 1, 1])
        // LIMIT's count is not a constant of the question; a category in quotes is.
        #expect(SQLGrounding.isGrounded(
            sql: "SELECT pname FROM products WHERE category='toys' ORDER BY price DESC LIMIT 1",
            question: "most expensive product in toys"))
        #expect(!SQLGrounding.isGrounded(
            sql: "SELECT pname FROM products WHERE category='toy'", question: "products in category toys"))
    }

    @Test func statementVerifierAgreesWithEveryGoldAnswerAtBothDifficulties() async throws {
        let verifier = StatementVerifier()
        for task in [DocumentQATask(difficulty: .easy), DocumentQATask()] {
            for example in task.labeled(count: 300, seed: 5) + task.evaluationSplit(count: 200) {
                let value = try #require(Int(example.answer))
                let scores = try await verifier.score(
                    prompt: example.prompt, completions: [example.completion, "\(value + 1)\n", "n/a\n"])
                #expect(scores.map(\.total) == [1, 0, 0], "\(example.prompt.text) → \(example.answer)")
                #expect(scores.map { $0.components["wellFormed"] } == [1, 1, 0])
            }
        }
        // It reads the statement, not metadata: a hand-written prompt in the same format is checked too.
        let prompt = TaskPrompt(id: "h", task: "docqa", text: "Tax 90; Revenue 1200; Costs 800.\nQ: gross profit?\nA: ")
        #expect(try await verifier.score(prompt: prompt, completions: ["400\n", "1,290\n"]).map(\.total) == [1, 0])
        let unreadable = TaskPrompt(id: "u", task: "docqa", text: "Revenue 1200.\nQ: dividend?\nA: ")
        await #expect(throws: ScoringError.self) { try await verifier.score(prompt: unreadable, completions: ["1"]) }
    }

    @Test func groundingScorerAcceptsEveryGoldAnswer() async throws {
        let task = DocumentQATask()
        let scorer = DocumentGroundingScorer(task: task)
        for example in task.labeled(count: 300, seed: 5) + task.evaluationSplit(count: 200) {
            let scores = try await scorer.score(
                prompt: example.prompt, completions: [example.completion, example.completion, "99999\n", "n/a\n"])
            #expect(scores[0].components == ["wellFormed": 1, "grounded": 1, "agreement": 1], "\(example.prompt.text)")
            #expect(scores[0].total == 1)
            #expect(scores[2].components == ["wellFormed": 1, "grounded": 0, "agreement": 0])
            #expect(scores[3].total == 0)
        }
    }

    @Test func groundingParsesFiguresFromTheTextWhenMetadataIsMissing() async throws {
        let prompt = TaskPrompt(id: "d", task: "docqa", text: "Revenue 1200; Costs 800; Tax 90.\nQ: gross profit?\nA: ")
        #expect(DocumentGroundingScorer.figures(in: prompt) == [1200, 800, 90])
        let scores = try await DocumentGroundingScorer().score(prompt: prompt, completions: ["400", "710", "1,290", "401"])
        #expect(scores.map { $0.components["grounded"] } == [1, 1, 1, 0])
    }
}
