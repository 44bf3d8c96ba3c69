import Foundation
import Llama
import Tensors
import Testing

@Suite struct TokenSamplerTests {
    @Test func greedyTakesTheArgmaxWithItsLogSoftmax() {
        let logits: [Float] = [0.5, 2.0, -1.0, 1.9]
        let sampler = TokenSampler(vocabSize: 4)
        var generator = SeededGenerator(seed: 1)
        let (token, logProb) = logits.withUnsafeBufferPointer {
            sampler.sample(logits: $0, parameters: .greedy, generator: &generator)
        }
        #expect(token == 1)
        #expect(abs(logProb - logSoftmax(logits, temperature: 1)[1]) < 1e-6)
    }

    /// Draw frequencies follow softmax(logits / T); each reported log-prob is the untempered model's.
    @Test func frequenciesFollowTheTemperedSoftmax() {
        let logits: [Float] = [1.0, 0.0, -0.5, 2.0, 0.3]
        let parameters = SamplingParameters(temperature: 0.7)
        let expected = logSoftmax(logits, temperature: 0.7).map(expf)
        let (counts, logProbs) = draw(logits, parameters, times: 40_000)
        for i in logits.indices {
            #expect(abs(Double(counts[i]) / 40_000 - Double(expected[i])) < 0.01, "token \(i)")
            if let reported = logProbs[i] { #expect(abs(reported - logSoftmax(logits, temperature: 1)[i]) < 1e-5) }
        }
    }

    /// Top-k then top-p keep exactly the tokens a brute-force sort keeps, in proportion to their probabilities.
    @Test(arguments: [(0, Float(0.7)), (3, Float(1)), (4, Float(0.6)), (0, Float(0.97)), (12, Float(0.9))])
    func truncationKeepsWhatASortKeeps(topK: Int, topP: Float) {
        var generator = SeededGenerator(seed: 99)
        let logits = (0..<16).map { _ in generator.nextUnitFloat() * 4 - 2 }
        let parameters = SamplingParameters(temperature: 1, topK: topK, topP: topP)
        let kept = bruteForceKept(logits, topK: topK, topP: topP)
        let (counts, _) = draw(logits, parameters, times: 30_000)
        let probabilities = logSoftmax(logits, temperature: 1).map(expf)
        let keptMass = kept.map { probabilities[$0] }.reduce(0, +)
        for i in logits.indices {
            if kept.contains(i) {
                #expect(abs(Double(counts[i]) / 30_000 - Double(probabilities[i] / keptMass)) < 0.012, "token \(i)")
            } else {
                #expect(counts[i] == 0, "token \(i) is outside top-k \(topK) / top-p \(topP) but was drawn")
            }
        }
    }

    @Test func theSameSeedGivesTheSameTokens() {
        let logits = (0..<50).map { Float($0 % 7) * 0.3 }
        let parameters = SamplingParameters(temperature: 1.2, topP: 0.9)
        let sampler = TokenSampler(vocabSize: 50)
        func run(seed: UInt64) -> [Int] {
            var generator = SeededGenerator(seed: seed)
            return (0..<64).map { _ in
                logits.withUnsafeBufferPointer { sampler.sample(logits: $0, parameters: parameters, generator: &generator).token }
            }
        }
        #expect(run(seed: 7) == run(seed: 7))
        #expect(run(seed: 7) != run(seed: 8))
    }

    @Test func invalidParametersSayWhatIsWrong() {
        #expect(throws: SamplingError(message: "top-p must be in (0, 1], got 0.0")) {
            try SamplingParameters(topP: 0).validate()
        }
        #expect(throws: SamplingError.self) { try SamplingParameters(temperature: -1).validate() }
        #expect(throws: SamplingError.self) { try SamplingParameters(maxNewTokens: 0).validate() }
        #expect(throws: Never.self) { try SamplingParameters(temperature: 0.8, topK: 40, topP: 0.95).validate() }
    }

    private func draw(_ logits: [Float], _ parameters: SamplingParameters, times: Int) -> ([Int], [Float?]) {
        let sampler = TokenSampler(vocabSize: logits.count)
        var generator = SeededGenerator(seed: 2024)
        var counts = [Int](repeating: 0, count: logits.count)
        var logProbs = [Float?](repeating: nil, count: logits.count)
        for _ in 0..<times {
            let (token, logProb) = logits.withUnsafeBufferPointer {
                sampler.sample(logits: $0, parameters: parameters, generator: &generator)
            }
            counts[token] += 1
            logProbs[token] = logProb
        }
        return (counts, logProbs)
    }

    private func logSoftmax(_ logits: [Float], temperature: Float) -> [Float] {
        let scaled = logits.map { Double($0 / temperature) }
        let maximum = scaled.max()!
        let logTotal = log(scaled.map { exp($0 - maximum) }.reduce(0, +)) + maximum
        return scaled.map { Float($0 - logTotal) }
    }

    /// transformers' rule, written the slow obvious way: sort, keep the top k, then drop tokens whose ascending
    /// cumulative probability (renormalised over the top k) is at most 1 − p, keeping at least one.
    private func bruteForceKept(_ logits: [Float], topK: Int, topP: Float) -> Set<Int> {
        let probabilities = logSoftmax(logits, temperature: 1).map { Double(expf($0)) }
        var ranked = logits.indices.sorted { probabilities[$0] > probabilities[$1] }
        if topK > 0 { ranked = Array(ranked.prefix(topK)) }
        let mass = ranked.map { probabilities[$0] }.reduce(0, +)
        var kept = Set<Int>()
        var ascending = 0.0
        for (rank, id) in ranked.reversed().enumerated() {
            ascending += probabilities[id] / mass
            if ascending > 1 - Double(topP) || rank == ranked.count - 1 { kept.insert(id) }
        }
        return kept
    }
}
