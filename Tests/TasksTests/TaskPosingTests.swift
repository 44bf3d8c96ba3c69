import ChatTemplates
import Tasks
import Testing

/// Chat posing puts a task's items to an instruct model as a user would, without changing the items, the text and
/// metadata its verifiers read, or the split.
@Suite struct TaskPosingTests {
    @Test func chatArithmeticAsksTheQuestionAndKeepsTheItem() throws {
        let plain = ArithmeticTask(difficulty: .large).labeled(count: 50, seed: 4)
        let chat = ArithmeticTask(difficulty: .large, posing: .chat).labeled(count: 50, seed: 4)
        #expect(plain.map(\.answer) == chat.map(\.answer))
        #expect(plain.map(\.prompt.text) == chat.map(\.prompt.text))
        #expect(plain.map(\.prompt.metadata) == chat.map(\.prompt.metadata))
        #expect(plain.allSatisfy { $0.prompt.messages == nil })
        for example in chat {
            let expression = try #require(ArithmeticExpression.parse(example.prompt.text))
            #expect(expression.operands.count == 2 && expression.operands.allSatisfy { (10...999).contains($0) })
            let messages = try #require(example.prompt.messages)
            #expect(messages.count == 1 && messages[0].role == "user")
            let op = expression.operators[0].rawValue
            #expect(messages[0].content
                == "What is \(expression.operands[0]) \(op) \(expression.operands[1])? Answer with the number only.")
        }
        let heldOut = ArithmeticTask(difficulty: .large, posing: .chat).evaluationSplit(count: 20)
        #expect(heldOut.map(\.prompt.text) == ArithmeticTask(difficulty: .large).evaluationSplit(count: 20).map(\.prompt.text))
    }

    @Test func chatDocumentQAStatesTheDocumentAndTheQuestion() throws {
        let task = DocumentQATask(difficulty: .easy, posing: .chat)
        for example in task.labeled(count: 30, seed: 3) {
            let content = try #require(example.prompt.messages?.first?.content)
            // The plain prompt is "<statement>\nQ: <question>?\nA: ".
            let lines = example.prompt.text.split(separator: "\n", omittingEmptySubsequences: false)
            let question = lines[1].dropFirst(3).dropLast()
            #expect(content == "\(lines[0])\nWhat is the value of \(question)? Answer with the number only.")
            #expect(content.contains(example.answer), "easy questions ask for a stated figure")
        }
    }

    @Test func spacedTextIsHowPeopleWriteAnExpression() {
        #expect(ArithmeticExpression(operands: [12, 345, 6], operators: [.plus, .times]).spacedText == "12 + 345 * 6")
        #expect(ArithmeticExpression(operands: [7, 58], operators: [.minus]).spacedText == "7 - 58")
    }
}
