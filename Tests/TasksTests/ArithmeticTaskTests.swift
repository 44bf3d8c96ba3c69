import Foundation
import Testing
@testable import Tasks

struct ArithmeticTaskTests {
    @Test func precedenceAndParsing() throws {
        #expect(ArithmeticExpression.parse("12+345*6=")?.value() == 2082)
        #expect(ArithmeticExpression.parse("2*3-4*5")?.value() == -14)
        #expect(ArithmeticExpression.parse("7-8-9")?.value() == -10)
        #expect(ArithmeticExpression.parse(" 10 * 0 + 3 = ")?.value() == 3)
        #expect(ArithmeticExpression.parse("3+")?.value() == nil)
        #expect(ArithmeticExpression.parse("-3+4") == nil)
        #expect(ArithmeticExpression.parse("3/4") == nil)
        #expect(ArithmeticExpression.parse("") == nil)
        #expect(ArithmeticExpression.parse("999999999*999999999*999999999")?.value() == nil, "overflow is nil")
        let parsed = try #require(ArithmeticExpression.parse("12+345*6"))
        #expect(parsed.text == "12+345*6")
    }

    /// Python's integer evaluation is an independent implementation of the same precedence rules.
    @Test func goldAnswersAgreeWithPython() throws {
        let examples = ArithmeticTask(difficulty: .hard).labeled(count: 150, seed: 42)
        let expressions = examples.map { $0.prompt.metadata["expression"]! }
        let lines = try runPython("for e in '\(expressions.joined(separator: ","))'.split(','): print(eval(e))")
        #expect(lines == examples.map(\.answer))
    }

    @Test func labeledAnswersAreCorrectAndNearMissesAreNot() {
        let task = ArithmeticTask()
        for example in task.labeled(count: 300, seed: 9) + task.evaluationSplit(count: 100) {
            #expect(task.isCorrect(example.answer, for: example))
            #expect(task.isCorrect(" \(example.answer) ", for: example))
            #expect(!task.isCorrect(String(Int(example.answer)! + 1), for: example))
            #expect(task.extractAnswer(from: example.completion + "junk after the stop") == example.answer)
        }
    }

    @Test func integerNormalisation() {
        #expect(AnswerText.canonicalInteger(" +007 ") == "7")
        #expect(AnswerText.canonicalInteger("-0") == "0")
        #expect(AnswerText.canonicalInteger("1,200") == "1200")
        #expect(AnswerText.canonicalInteger("-1,234,567") == "-1234567")
        #expect(AnswerText.canonicalInteger("12.") == "12")
        #expect(AnswerText.canonicalInteger("1,20") == nil)
        #expect(AnswerText.canonicalInteger("12.5") == nil)
        #expect(AnswerText.canonicalInteger("twelve") == nil)
        #expect(AnswerText.canonicalInteger("") == nil)
        #expect(AnswerText.canonicalInteger("-") == nil)
    }

    @Test func extractionStopsAtTheFirstNewline() {
        #expect(AnswerText.extract(from: "42\n17=") == "42")
        #expect(AnswerText.extract(from: "  42  ") == "42")
        #expect(AnswerText.extract(from: "42</s>garbage") == "42")
        #expect(AnswerText.extract(from: "\n42") == nil)
        #expect(AnswerText.extract(from: "") == nil)
    }
}

/// Runs a python3 one-liner and returns its output lines.
func runPython(_ code: String) throws -> [String] {
    try runTool("/usr/bin/env", ["python3", "-c", code])
}

/// Runs a tool with arguments and optional stdin, returning stdout split into lines.
func runTool(_ path: String, _ arguments: [String], input: String? = nil) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    let inputPipe = Pipe()
    if input != nil { process.standardInput = inputPipe }
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(arguments.first ?? path) failed")
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
