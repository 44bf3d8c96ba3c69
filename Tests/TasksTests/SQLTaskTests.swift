import Foundation
import Testing
@testable import Tasks

struct SQLTaskTests {
    let task: SQLTask

    init() throws {
        task = try SQLTask()
    }

    @Test func everyGoldQueryRunsAndIsCorrectForItself() throws {
        for question in SQLQuestionTemplates.all {
            let result = try task.executor.execute(question.goldSQL).get()
            #expect(result.hasContent, "gold SQL for '\(question.question)' returns nothing")
        }
        for example in task.labeled(count: 200, seed: 1) + task.evaluationSplit(count: 100) {
            #expect(task.isCorrect(example.answer, for: example))
            #expect(task.isCorrect(example.answer + ";", for: example))
        }
    }

    @Test func questionsOfOneTemplateHaveDifferentAnswers() throws {
        let byTemplate = Dictionary(grouping: SQLQuestionTemplates.all, by: \.template)
        for (template, questions) in byTemplate {
            let keys = try Set(questions.map { try task.executor.execute($0.goldSQL).get().canonicalKey(ordered: false) })
            #expect(keys.count > 1, "template \(template) always gives the same result")
        }
    }

    @Test func wrongAndMalformedQueriesAreIncorrect() throws {
        let example = try #require(task.labeled(count: 100, seed: 2).first { $0.prompt.metadata["template"] == "ordersByCityYear" })
        #expect(!task.isCorrect("SELECT COUNT(*) FROM orders", for: example))
        #expect(!task.isCorrect("SELECT COUNT(* FROM orders", for: example))
        #expect(!task.isCorrect("DROP TABLE orders", for: example))
        #expect(!task.isCorrect("", for: example))
        #expect(task.isCorrect(example.answer.replacingOccurrences(of: "COUNT(*)", with: "COUNT(*) AS n"), for: example),
                "column names do not matter")
    }

    @Test func writesAndSideEffectsAreRejectedAndHarmless() throws {
        let before = try task.executor.execute("SELECT COUNT(*) FROM orders").get()
        let attempts = [
            "DROP TABLE orders", "DELETE FROM orders", "UPDATE products SET price=0",
            "INSERT INTO orders VALUES (99,1,2020)", "CREATE TABLE x(a)", "PRAGMA query_only=0",
            "ATTACH DATABASE '/tmp/tao-evil.db' AS evil", "BEGIN", "SELECT load_extension('x')",
            "EXPLAIN SELECT 1",
        ]
        for sql in attempts {
            guard case .failure(let error) = task.executor.execute(sql) else {
                Issue.record("'\(sql)' was executed")
                continue
            }
            switch error {
            case .notReadOnly, .invalid: break
            default: Issue.record("'\(sql)' failed with unexpected \(error)")
            }
        }
        #expect(try task.executor.execute("SELECT COUNT(*) FROM orders").get() == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/tao-evil.db"))
    }

    @Test func malformedInputsComeBackAsErrors() {
        #expect(task.executor.execute("SELECT 1; SELECT 2") == .failure(.multipleStatements))
        #expect(task.executor.execute("SELECT 1; DROP TABLE orders") == .failure(.multipleStatements))
        #expect(task.executor.execute(" ; ") == .failure(.emptyStatement))
        guard case .failure(.invalid(let message)) = task.executor.execute("SELECT nope FROM orders") else {
            Issue.record("unknown column should be invalid")
            return
        }
        #expect(message.contains("nope"))
    }

    @Test func runawayQueriesAreInterrupted() async throws {
        let executor = try SQLExecutor(limits: .init(maxSteps: 100_000, timeLimit: .seconds(5), maxRows: 10))
        let infinite = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT COUNT(*) FROM r"
        #expect(await executor.execute(infinite) == .failure(.limitExceeded))
        #expect(await executor.execute("SELECT * FROM order_items") == .failure(.tooManyRows(limit: 10)))
        guard case .failure = await executor.execute("SELECT length(randomblob(1000000000))") else {
            Issue.record("a 1 GB blob should be refused")
            return
        }
        #expect(try await executor.execute("SELECT COUNT(*) FROM customers").get().rows == [[.integer(Int64(BusinessDatabase.customerNames.count))]],
                "the executor still works after an interruption")
    }

    @Test func resultComparisonRules() {
        let a = SQLResultSet(columns: ["x"], rows: [[.integer(1)], [.integer(2)]])
        let b = SQLResultSet(columns: ["y"], rows: [[.real(2.0)], [.integer(1)]])
        #expect(a.matches(b, ordered: false))
        #expect(!a.matches(b, ordered: true))
        #expect(!a.matches(SQLResultSet(columns: ["x"], rows: [[.text("1")], [.integer(2)]]), ordered: false))
        #expect(!a.matches(SQLResultSet(columns: ["x"], rows: [[.integer(1)], [.integer(2)], [.integer(2)]]), ordered: false))
        #expect(!SQLResultSet(columns: ["s"], rows: [[.null]]).hasContent)
    }

    /// The `sqlite3` command-line tool, fed the same script, agrees on a few gold queries.
    @Test func databaseMatchesTheSQLiteCommandLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("business.db").path
        _ = try runTool("/usr/bin/env", ["sqlite3", database], input: BusinessDatabase.script)
        let questions = SQLQuestionTemplates.all.filter {
            ["ordersByCityYear", "revenueInYear", "customerNamesInCity", "averagePriceInCategory"].contains($0.template)
        }
        for question in questions.prefix(12) {
            let cli = try runTool("/usr/bin/env", ["sqlite3", "-readonly", database, question.goldSQL])
            let ours = try task.executor.execute(question.goldSQL).get().rows.map { row in
                row.map { value -> String in
                    switch value {
                    case .integer(let v): return String(v)
                    case .real(let v): return String(v)
                    case .text(let v): return v
                    default: return ""
                    }
                }.joined(separator: "|")
            }
            #expect(cli.sorted() == ours.sorted(), "\(question.goldSQL)")
        }
    }
}
