extension LlamaKVCache {
    /// Copies the `source.length` cached positions of `source`'s row 0 into every row of this cache, so N samples
    /// of one prompt share a prefix computed once.
    func broadcast(row0Of source: LlamaKVCache) {
        precondition(source.length <= capacity, "the prefix (\(source.length)) exceeds this cache's capacity")
        let width = kvWidth
        for l in 0..<config.numHiddenLayers {
            for (destination, origin) in [(keys(l), source.keys(l)), (values(l), source.values(l))] {
                for b in 0..<B {
                    (destination + b * capacity * width).update(from: origin, count: source.length * width)
                }
            }
        }
        length = source.length
    }
}
