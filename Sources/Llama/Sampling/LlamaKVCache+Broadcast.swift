extension LlamaKVCache {
    /// Copies the `source.length` cached positions of `source`'s row 0 into each of `rows` of this cache and sets
    /// their lengths, so N samples of one prompt share a prefix computed once.
    func broadcast(row0Of source: LlamaKVCache, into rows: Range<Int>) {
        let length = source.length(ofRow: 0)
        precondition(length <= capacity, "the prefix (\(length)) exceeds this cache's capacity (\(capacity))")
        precondition(rows.lowerBound >= 0 && rows.upperBound <= B, "rows \(rows) outside the batch 0..<\(B)")
        let width = kvWidth
        for l in 0..<config.numHiddenLayers {
            for (destination, origin) in [(keys(l), source.keys(l)), (values(l), source.values(l))] {
                for b in rows { (destination + b * capacity * width).update(from: origin, count: length * width) }
            }
        }
        for b in rows { rowLengths[b] = length }
    }
}
