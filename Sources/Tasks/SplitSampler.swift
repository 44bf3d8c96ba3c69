/// Draws items from one side of a `HoldoutSplit` for families whose item space is too large to list.
enum SplitSampler {
    /// Seed of every family's evaluation draw: the held-out list never depends on a caller's seed.
    static let evaluationSeed: UInt64 = 0xE7A1_5EED

    /// `count` training-side items drawn with a generator seeded by `seed`; repeats are allowed, as
    /// they are in any i.i.d. prompt stream.
    static func training<Item>(
        count: Int, seed: UInt64, split: HoldoutSplit,
        key: (Item) -> String, draw: (inout TaskRandom) -> Item
    ) -> [Item] {
        var random = TaskRandom(seed: seed)
        var items: [Item] = []
        items.reserveCapacity(count)
        var attempts = 0
        while items.count < count {
            attempts += 1
            precondition(attempts <= 100 * count + 1000, "training side of the split is (nearly) empty")
            let item = draw(&random)
            if !split.isHeldOut(key(item)) { items.append(item) }
        }
        return items
    }

    /// Up to `count` distinct held-out items, always the same ones in the same order. Gives up after
    /// `200 * count + 1000` draws, which only happens when the held-out side is smaller than `count`.
    static func heldOut<Item>(
        count: Int, split: HoldoutSplit,
        key: (Item) -> String, draw: (inout TaskRandom) -> Item
    ) -> [Item] {
        var random = TaskRandom(seed: evaluationSeed)
        var seen: Set<String> = []
        var items: [Item] = []
        var attempts = 0
        while items.count < count, attempts < 200 * count + 1000 {
            attempts += 1
            let item = draw(&random)
            let itemKey = key(item)
            if split.isHeldOut(itemKey), seen.insert(itemKey).inserted { items.append(item) }
        }
        return items
    }
}
