import Synchronization

/// The `model` of a byte-level BPE `tokenizer.json`: a vocabulary of byte-level strings and ranked merges.
///
/// Each pre-token is mapped to bytes, each byte to its single-byte token, and adjacent pairs are merged lowest
/// rank first until no ranked pair remains. Results are cached per pre-token (the same words recur constantly).
final class BPEModel: Sendable {
    /// token (byte-level spelling) → id.
    let vocab: [String: Int]
    /// (left id << 32 | right id) → (rank << 32 | merged id).
    private let merges: [UInt64: UInt64]
    /// byte → id of its single-byte token, or -1 if the vocabulary lacks it.
    private let byteIds: [Int]
    private let unknownId: Int?
    /// Llama-3's `ignore_merges`: a pre-token that is itself in the vocabulary is emitted whole.
    private let ignoreMerges: Bool
    private let cache = Mutex<[String: [Int]]>([:])
    private static let cacheLimit = 50_000

    /// - merges: pairs of byte-level token spellings, highest priority first.
    init(vocab: [String: Int], merges: [(String, String)], unknownToken: String?, ignoreMerges: Bool) throws {
        self.vocab = vocab
        self.ignoreMerges = ignoreMerges
        unknownId = unknownToken.flatMap { vocab[$0] }
        byteIds = (0..<256).map { vocab[String(ByteLevel.byteToScalar[$0])] ?? -1 }
        var table: [UInt64: UInt64] = [:]
        table.reserveCapacity(merges.count)
        for (rank, (left, right)) in merges.enumerated() {
            guard let l = vocab[left], let r = vocab[right], let merged = vocab[left + right] else {
                throw TokenizerError.invalid(
                    file: "tokenizer.json",
                    reason: "merge \(rank) \"\(left) \(right)\" uses a token missing from the vocab")
            }
            let key = UInt64(l) << 32 | UInt64(r)
            if table[key] == nil { table[key] = UInt64(rank) << 32 | UInt64(merged) }
        }
        self.merges = table
    }

    /// The ids of one pre-token (original text, not yet byte-mapped).
    func encode(piece: String) -> [Int] {
        // Long pieces (whitespace runs, pasted data) are rare and would bloat the cache.
        guard piece.utf8.count <= 256 else { return merge(piece) }
        if let hit = cache.withLock({ $0[piece] }) { return hit }
        let ids = merge(piece)
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[piece] = ids
        }
        return ids
    }

    private func merge(_ piece: String) -> [Int] {
        if ignoreMerges, let id = vocab[ByteLevel.encode(piece.utf8)] { return [id] }
        var ids: [Int] = []
        ids.reserveCapacity(piece.utf8.count)
        for byte in piece.utf8 {
            let id = byteIds[Int(byte)]
            if id >= 0 {
                ids.append(id)
            } else if let unknownId {
                ids.append(unknownId)
            }  // else dropped, as Hugging Face does without an unk_token
        }
        return Self.applyMerges(ids, merges)
    }
}
