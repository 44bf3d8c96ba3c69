import Testing
@testable import Tasks

struct DocumentQATaskTests {
    @Test func answersAreReadOrOneOperationOnTwoFigures() throws {
        let task = DocumentQATask()
        for example in task.labeled(count: 400, seed: 2) + task.evaluationSplit(count: 100) {
            let figures = try #require(example.prompt.metadata["figures"]).split(separator: ",").map { Int($0)! }
            #expect(figures.allSatisfy { example.prompt.text.contains(String($0)) })
            let answer = try #require(Int(example.answer))
            var reachable = Set(figures)
            for a in figures { for b in figures where a != b || figures.count == 1 { reachable.formUnion([a + b, a - b]) } }
            #expect(reachable.contains(answer), "\(example.prompt.text) → \(answer)")
            #expect(task.isCorrect(example.answer, for: example))
            #expect(!task.isCorrect(String(answer + 10), for: example))
        }
    }

    @Test func easyQuestionsAskForAStatedFigure() throws {
        let task = DocumentQATask(difficulty: .easy)
        let examples = task.labeled(count: 300, seed: 2) + task.evaluationSplit(count: 100)
        for example in examples {
            let figures = try #require(example.prompt.metadata["figures"]).split(separator: ",").map { Int($0)! }
            #expect(figures.contains(try #require(Int(example.answer))), "\(example.prompt.text) → \(example.answer)")
            #expect(task.isCorrect(example.answer, for: example))
        }
        #expect(Set(examples.compactMap { $0.prompt.metadata["docType"] }) == ["income", "balance", "sales"])
        // The medium task mixes in sums and differences; the easy one never does.
        let medium = DocumentQATask().labeled(count: 300, seed: 2)
        #expect(medium.contains { example in
            !example.prompt.metadata["figures"]!.split(separator: ",").contains(Substring(example.answer))
        })
    }

    @Test func promptFormatAndKinds() {
        let examples = DocumentQATask().labeled(count: 300, seed: 4)
        #expect(examples.allSatisfy { $0.prompt.text.hasSuffix("\nA: ") && $0.prompt.text.contains("\nQ: ") })
        #expect(Set(examples.compactMap { $0.prompt.metadata["docType"] }) == ["income", "balance", "sales"])
        #expect(Set(examples.map(\.answer)).count > 200, "answers vary")
    }

    @Test func thousandsSeparatorsAndSignsAreAccepted() throws {
        let task = DocumentQATask()
        let example = try #require(task.labeled(count: 200, seed: 1).first { Int($0.answer)! >= 1000 })
        let value = Int(example.answer)!
        let grouped = "\(value / 1000),\(zeroPadded3(value % 1000))"
        #expect(task.isCorrect(grouped, for: example))
        #expect(task.isCorrect("+\(value)", for: example))
    }
}

/// `value` (0...999) as exactly three digits.
func zeroPadded3(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
