import Foundation
@testable import Llama
import Testing

/// Requests with their own token limits and seeds decode in one batch exactly as each would alone, and an observer
/// hears each row's text in pieces that add up to the completion's text (`tao serve` streams and batches with these).
@Suite struct BatchedRequestGenerationTests {
    let model: LlamaModel
    let tokenizer: any Tokenizer

    init() throws {
        (model, tokenizer) = try LlamaModel.load(from: try TransformersReference("tiny-llama").url)
    }

    @Test(arguments: [DecodeSplit.columns, .rows])
    func eachRequestDecodesAsItWouldAlone(split: DecodeSplit) throws {
        let requests = [
            GenerationRequest(prompt: [5, 17, 42, 9], maxNewTokens: 3, seed: 11),
            GenerationRequest(prompt: [12], maxNewTokens: 12, seed: 99),
            GenerationRequest(prompt: [250, 251, 7], maxNewTokens: 7, seed: 11),
        ]
        let parameters = SamplingParameters(temperature: 1.1, topK: 40, maxNewTokens: 1, seed: 0)
        let batched = CompletionGenerator(model: model, tokenizer: tokenizer)
        batched.split = split
        let together = try batched.generate(requests, count: 2, parameters: parameters)
        let alone = CompletionGenerator(model: model, tokenizer: tokenizer)
        for (p, request) in requests.enumerated() {
            var own = parameters
            (own.seed, own.maxNewTokens) = (request.seed, request.maxNewTokens)
            let single = try alone.generate(prompt: request.prompt, count: 2, parameters: own)
            #expect(together[p].map(\.tokens) == single.map(\.tokens), "request \(p)")
            #expect(together[p].map(\.finishReason) == single.map(\.finishReason), "request \(p)")
            #expect(together[p].allSatisfy { $0.tokens.count <= request.maxNewTokens })
        }
        #expect(together[0].allSatisfy { $0.tokens.count == 3 || $0.finishReason != .length })
    }

    @Test func theObserverHearsTheTextInPiecesThatAddUpToIt() throws {
        let requests = (0..<3).map { GenerationRequest(prompt: [5 + $0, 17, 42], maxNewTokens: 16, seed: UInt64($0)) }
        for stops in [[String](), ["e", "th"]] {
            let parameters = SamplingParameters(temperature: 1, maxNewTokens: 16, stopSequences: stops)
            let pieces = Pieces()
            let generator = CompletionGenerator(model: model, tokenizer: tokenizer)
            let completions = try generator.generate(requests, count: 2, parameters: parameters) { p, i, text in
                pieces.append(p, i, text)
            }
            for (p, samples) in completions.enumerated() {
                for (i, completion) in samples.enumerated() {
                    #expect(pieces.text(p, i) == completion.text, "request \(p) sample \(i), stops \(stops)")
                    for stop in stops { #expect(!pieces.all(p, i).contains { $0.contains(stop) }) }
                }
            }
            #expect(pieces.count > completions.count * 2, "text arrives in more than one piece per row")
        }
    }

    /// Thread-safe collector: the observer is called on decoding threads.
    final class Pieces: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [String: [String]] = [:]
        func append(_ p: Int, _ i: Int, _ text: String) { lock.withLock { pieces["\(p).\(i)", default: []].append(text) } }
        func all(_ p: Int, _ i: Int) -> [String] { lock.withLock { pieces["\(p).\(i)"] ?? [] } }
        func text(_ p: Int, _ i: Int) -> String { all(p, i).joined() }
        var count: Int { lock.withLock { pieces.values.map(\.count).reduce(0, +) } }
    }
}
