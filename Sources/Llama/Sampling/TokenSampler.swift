import Foundation
import Tensors

/// Chooses next tokens from logits, with temperature, top-k and top-p, reproducibly from a seeded generator.
///
/// Holds its scratch buffers, sized once for the vocabulary, so choosing a token allocates nothing.
/// Not thread-safe: use one sampler per sequence or per thread.
public final class TokenSampler {
    /// V
    public let vocabSize: Int
    /// Unnormalised probabilities exp(logit / temperature − max): (V)
    private let weights: UnsafeMutablePointer<Float>
    /// A max-heap of token ids keyed by `weights`, then the popped (kept) tokens in descending order: (V)
    private let order: UnsafeMutablePointer<Int32>

    public init(vocabSize: Int) {
        precondition(vocabSize > 0, "a vocabulary needs at least one token")
        self.vocabSize = vocabSize
        weights = .allocate(capacity: vocabSize)
        order = .allocate(capacity: vocabSize)
    }

    deinit {
        weights.deallocate()
        order.deallocate()
    }

    /// The chosen token and its sampling log-probability.
    ///
    /// The log-probability is the model's own, log softmax(logits)[token] over the whole vocabulary — before
    /// temperature, top-k and top-p — the quantity the trainer recomputes as `policyLogProbs` from the same weights,
    /// so the importance ratio between the sampling policy and the current one compares like with like (1 on-policy).
    /// - logits: (V)
    public func sample(
        logits: UnsafeBufferPointer<Float>, parameters: SamplingParameters, generator: inout SeededGenerator
    ) -> (token: Int, logProb: Float) {
        precondition(logits.count == vocabSize, "logits have \(logits.count) entries for a vocabulary of \(vocabSize)")
        let temperature = parameters.temperature == 0 ? 1 : parameters.temperature
        var maxLogit = -Float.infinity
        var argmax = 0
        for i in 0..<vocabSize where logits[i] > maxLogit {
            maxLogit = logits[i]
            argmax = i
        }
        var total: Float = 0
        for i in 0..<vocabSize {
            let w = expf((logits[i] - maxLogit) / temperature)
            weights[i] = w
            total += w
        }
        let token: Int
        if parameters.temperature == 0 {
            token = argmax
        } else if parameters.topK == 0 || parameters.topK >= vocabSize, parameters.topP >= 1 {
            token = draw(from: nil, count: vocabSize, mass: total, generator: &generator)
        } else {
            let (kept, mass) = truncate(topK: parameters.topK, topP: parameters.topP, total: total)
            token = draw(from: order, count: kept, mass: mass, generator: &generator)
        }
        if temperature == 1 { return (token, logf(weights[token] / total)) }
        var rawTotal: Float = 0
        for i in 0..<vocabSize { rawTotal += expf(logits[i] - maxLogit) }
        return (token, logits[token] - maxLogit - logf(rawTotal))
    }

    /// Inverse-CDF draw among `count` tokens (`ids`, or 0..<count when nil) whose weights sum to `mass`.
    private func draw(
        from ids: UnsafeMutablePointer<Int32>?, count: Int, mass: Float, generator: inout SeededGenerator
    ) -> Int {
        let target = generator.nextUnitFloat() * mass
        var cumulative: Float = 0
        var last = 0
        for j in 0..<count {
            let id = ids.map { Int($0[j]) } ?? j
            guard weights[id] > 0 else { continue }
            last = id
            cumulative += weights[id]
            if target < cumulative { return id }
        }
        return last  // rounding left `target` a hair above the sum: the last positive-weight token
    }

    /// Keeps, in `order[0..<kept]` by descending weight, at most `topK` tokens (0 = no limit) and of those the
    /// shortest prefix whose weight reaches `topP` of their mass (always at least one), as transformers' TopK then
    /// TopP warpers do. Pops from a max-heap, so top-p alone costs O(V + kept·log V), not a full sort.
    private func truncate(topK: Int, topP: Float, total: Float) -> (kept: Int, mass: Float) {
        for i in 0..<vocabSize { order[i] = Int32(i) }
        var heapSize = vocabSize
        for i in stride(from: heapSize / 2 - 1, through: 0, by: -1) { siftDown(i, heapSize) }
        // Each pop parks the largest remaining token at the back: popped tokens fill order[V-popped..<V], ascending.
        func pop() -> Float {
            heapSize -= 1
            let t = order[0]
            order[0] = order[heapSize]
            order[heapSize] = t
            siftDown(0, heapSize)
            return weights[Int(t)]
        }
        var popped = 0
        var mass: Float = 0
        let limit = topK == 0 ? vocabSize : min(topK, vocabSize)
        if topK == 0 {
            while popped < limit, popped == 0 || mass < topP * total {
                mass += pop()
                popped += 1
            }
        } else {
            while popped < limit {
                mass += pop()
                popped += 1
            }
        }
        // Reverse the popped tokens into descending order, then shift them to the front (each read is at or after
        // its write position, so the overlap is harmless).
        var (low, high) = (vocabSize - popped, vocabSize - 1)
        while low < high {
            (order[low], order[high]) = (order[high], order[low])
            low += 1
            high -= 1
        }
        for j in 0..<popped { order[j] = order[vocabSize - popped + j] }
        guard topK != 0, topP < 1 else { return (popped, mass) }
        let topKMass = mass
        var kept = 0
        mass = 0
        while kept < popped, kept == 0 || mass < topP * topKMass {
            mass += weights[Int(order[kept])]
            kept += 1
        }
        return (kept, mass)
    }

    private func siftDown(_ start: Int, _ size: Int) {
        var parent = start
        while true {
            var largest = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < size, weights[Int(order[left])] > weights[Int(order[largest])] { largest = left }
            if right < size, weights[Int(order[right])] > weights[Int(order[largest])] { largest = right }
            guard largest != parent else { return }
            let t = order[parent]
            order[parent] = order[largest]
            order[largest] = t
            parent = largest
        }
    }
}
