import Foundation
import Testing
import Tensors
@testable import Llama

@Suite struct ModelForwardTests {
    let config = TinyModels.config()

    @Test func logitsAreCausal() {
        let model = TinyModels.model(config)
        let T = 6, V = config.vocabSize
        var tokens = TinyModels.tokens(B: 1, T: T, V: V, seed: 1)
        let before = model.forward(tokens: tokens, B: 1, T: T)
        tokens[4] = (tokens[4] + 1) % Int32(V)
        let after = model.forward(tokens: tokens, B: 1, T: T)
        #expect(Array(before[0..<(4 * V)]) == Array(after[0..<(4 * V)]), "positions before 4 cannot see token 4")
        #expect(Array(before[(4 * V)...]) != Array(after[(4 * V)...]))
    }

    @Test func batchRowsAreIndependent() {
        let model = TinyModels.model(config)
        let T = 5, V = config.vocabSize
        let rows = TinyModels.tokens(B: 2, T: T, V: V, seed: 2)
        let batched = model.forward(tokens: rows, B: 2, T: T)
        let second = model.forward(tokens: Array(rows[T...]), B: 1, T: T)
        for (x, y) in zip(batched[(T * V)...], second) { #expect(abs(x - y) <= 1e-6 * max(1, abs(y))) }
    }

    @Test func lossOfUniformModelIsLogV() {
        // Zero weights make every logit 0: the loss is exactly log V.
        let model = LlamaModel(config: config)
        let tokens = TinyModels.tokens(B: 2, T: 4, V: config.vocabSize, seed: 3)
        let loss = model.loss(tokens: tokens, targets: TinyModels.shiftedTargets(tokens, B: 2, T: 4), B: 2, T: 4)
        #expect(abs(loss - log(Float(config.vocabSize))) < 1e-6)
    }

    @Test func parametersUseHuggingFaceNamesAndShapes() {
        let named = LlamaModel(config: TinyModels.config(tied: true)).parameters.namedTensors()
        let shapes = Dictionary(uniqueKeysWithValues: named.map { ($0.hfName, $0.shape) })
        #expect(shapes["model.embed_tokens.weight"] == [13, 16])
        #expect(shapes["model.layers.1.self_attn.q_proj.weight"] == [16, 16])
        #expect(shapes["model.layers.1.self_attn.k_proj.weight"] == [8, 16])
        #expect(shapes["model.layers.0.self_attn.o_proj.weight"] == [16, 16])
        #expect(shapes["model.layers.0.mlp.down_proj.weight"] == [16, 20])
        #expect(shapes["model.norm.weight"] == [16])
        #expect(shapes["lm_head.weight"] == nil)
        #expect(named.count == 1 + 2 * 9 + 1)
    }
}
