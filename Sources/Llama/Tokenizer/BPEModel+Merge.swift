extension BPEModel {
    /// Applies ranked merges to `ids` until none applies: always the lowest-rank pair, leftmost first — the
    /// order of Hugging Face's `Word::merge_all`, in O(n log n) so a 100 k-character piece cannot stall encoding.
    ///
    /// Symbols form a linked list over the original positions; a min-heap holds candidate pairs keyed
    /// `rank << 32 | left position`, and entries made stale by earlier merges are skipped when popped.
    /// - merges: (left id << 32 | right id) → (rank << 32 | merged id).
    static func applyMerges(_ ids: [Int], _ merges: [UInt64: UInt64]) -> [Int] {
        guard ids.count > 1 else { return ids }
        var symbol = ids
        var next = Array(1...ids.count)
        next[ids.count - 1] = -1
        var previous = Array(-1..<(ids.count - 1))
        var heap = MinHeap()
        func merge(at left: Int) -> UInt64? {
            guard left >= 0, next[left] >= 0 else { return nil }
            let right = next[left]
            return merges[UInt64(symbol[left]) << 32 | UInt64(symbol[right])]
        }
        func push(_ left: Int) {
            if let m = merge(at: left) { heap.push((m >> 32) << 32 | UInt64(left)) }
        }
        for i in 0..<(ids.count - 1) { push(i) }
        while let top = heap.pop() {
            let left = Int(top & 0xFFFF_FFFF)
            // Stale if the left symbol was absorbed or its pair changed since the entry was pushed.
            guard symbol[left] >= 0, let m = merge(at: left), m >> 32 == top >> 32 else { continue }
            let right = next[left]
            symbol[left] = Int(m & 0xFFFF_FFFF)
            symbol[right] = -1
            next[left] = next[right]
            if next[left] >= 0 { previous[next[left]] = left }
            if previous[left] >= 0 { push(previous[left]) }
            push(left)
        }
        return symbol.filter { $0 >= 0 }
    }
}

/// A binary min-heap of `UInt64`, enough for the merge queue.
struct MinHeap {
    private var items: [UInt64] = []

    mutating func push(_ value: UInt64) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> UInt64? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
