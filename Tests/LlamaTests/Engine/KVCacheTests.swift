import Testing
@testable import Llama

@Suite struct KVCacheTests {
    @Test(arguments: [false, true])
    func incrementalLogitsMatchTheFullForward(tied: Bool) {
        let config = TinyModels.config(H: 4, Hkv: 2, tied: tied)
        let model = TinyModels.model(config)
        let (B, T, V) = (2, 7, config.vocabSize)
        let tokens = TinyModels.tokens(B: B, T: T, V: V, seed: 9)
        let full = model.forward(tokens: tokens, B: B, T: T)

        let cache = LlamaKVCache(config: config, B: B, capacity: T + 1)
        var logits: [Float] = []
        var incremental = [Float](repeating: .nan, count: B * T * V)
        // Prefill 3 positions, then one token per call.
        var start = 0
        for chunk in [3, 1, 1, 1, 1] {
            let rows = (0..<B).flatMap { b in tokens[(b * T + start)..<(b * T + start + chunk)] }
            model.forward(tokens: Array(rows), cache: cache, logits: &logits)
            for b in 0..<B {
                for t in 0..<chunk {
                    for v in 0..<V { incremental[((b * T) + start + t) * V + v] = logits[(b * chunk + t) * V + v] }
                }
            }
            start += chunk
        }
        #expect(cache.length == T)
        for i in 0..<full.count { #expect(abs(incremental[i] - full[i]) <= 1e-5 * max(1, abs(full[i]))) }
    }

    @Test func lastPositionOnlyGivesEachRowsFinalLogits() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let (B, T, V) = (2, 6, config.vocabSize)
        let tokens = TinyModels.tokens(B: B, T: T, V: V, seed: 11)
        var all: [Float] = [], last: [Float] = []
        model.forward(tokens: tokens, cache: LlamaKVCache(config: config, B: B, capacity: T), logits: &all)
        model.forward(tokens: tokens, cache: LlamaKVCache(config: config, B: B, capacity: T), logits: &last,
                      lastPositionOnly: true)
        #expect(last.count == B * V)
        for b in 0..<B {
            for v in 0..<V {
                let expected = all[(b * T + T - 1) * V + v]
                #expect(abs(last[b * V + v] - expected) <= 1e-6 * max(1, abs(expected)))
            }
        }
    }
}
