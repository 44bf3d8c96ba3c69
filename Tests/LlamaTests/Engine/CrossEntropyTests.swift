import Foundation
import Testing
@testable import Llama

@Suite struct CrossEntropyTests {
    let B = 2, T = 3, V = 5

    @Test func lossIsNegativeLogSoftmaxOfTargetAndIgnoresNegativeTargets() {
        let x = Buffers([("logits", [B, T, V]), ("losses", [B, T])])
        x.fillNormal("logits", seed: 1, std: 3)
        let targets: [Int32] = [1, 4, -1, 0, -100, 2]
        CrossEntropy.forward(losses: x["losses"], logits: x["logits"], targets: targets, B: B, T: T, V: V)
        let row = (0..<V).map { Double(x["logits"][V + $0]) }
        let expected = log(row.map { exp($0) }.reduce(0, +)) - row[4]
        #expect(abs(Double(x["losses"][1]) - expected) < 1e-5)
        #expect(x["losses"][2] == 0 && x["losses"][4] == 0)
    }

    @Test func backwardMatchesFiniteDifferences() {
        let x = Buffers([("logits", [B, T, V]), ("losses", [B, T]), ("dlosses", [B, T]), ("dlogits", [B, T, V])])
        x.fillNormal("logits", seed: 1, std: 2)
        x.fillNormal("dlosses", seed: 2)
        let targets: [Int32] = [1, 4, -1, 0, 3, 2]
        func loss() -> Double {
            CrossEntropy.forward(losses: x["losses"], logits: x["logits"], targets: targets, B: B, T: T, V: V)
            return x.dot("losses", "dlosses")
        }
        CrossEntropy.backward(dlogits: x["dlogits"], dlosses: x["dlosses"], logits: x["logits"], targets: targets,
                              B: B, T: T, V: V)
        GradientCheck.expectMatches("dlogits", x: x["logits"], analytic: x["dlogits"], count: B * T * V,
                                    samples: 100, loss: loss)
        for v in 0..<V { #expect(x["dlogits"][2 * V + v] == 0, "ignored position gets no gradient") }
    }
}
