/// Token sequences of different lengths as one (B, T) batch for the engine, right-padded with a token of the batch
/// to a multiple of ``quantum``: causal attention leaves every position up to a sequence's last real token unchanged
/// by padding after it, and a few bucketed lengths keep the engine from reallocating its buffers for every batch.
struct PaddedBatch {
    static let quantum = 16
    let tokens: [Int32]
    let B: Int
    let T: Int
    /// Each sequence's length: its last real token is at `length − 1`.
    let lengths: [Int]

    /// - Precondition: at least one sequence, none empty, none longer than `context`.
    init(_ sequences: [[Int]], context: Int) {
        precondition(!sequences.isEmpty && sequences.allSatisfy { !$0.isEmpty }, "a batch of non-empty sequences")
        let longest = sequences.map(\.count).max()!
        precondition(longest <= context, "a sequence of \(longest) tokens exceeds the context of \(context)")
        B = sequences.count
        T = min(context, (longest + Self.quantum - 1) / Self.quantum * Self.quantum)
        lengths = sequences.map(\.count)
        var tokens = [Int32](repeating: Int32(sequences[0].last!), count: B * T)
        for (b, sequence) in sequences.enumerated() {
            for (t, token) in sequence.enumerated() { tokens[b * T + t] = Int32(token) }
        }
        self.tokens = tokens
    }

    /// The flat index of sequence `b`'s last real token, (b, length − 1), in a (B, T, …) buffer.
    func last(_ b: Int) -> Int { b * T + lengths[b] - 1 }
}
