import Messages

/// What the next `tao nightly` does, decided from the nightly topic and the generators' committed offsets: a fresh
/// night over the prompts that arrived since, or the same night again after a crash, or nothing.
public struct NightPlan: Sendable, Equatable {
    /// One partition of the prompts topic as the cluster has it now.
    public struct Partition: Sendable, Equatable {
        public var partition: Int
        /// Where the generators' group will read next (its committed offset, or the earliest record).
        public var next: Int64
        public var highWatermark: Int64

        public init(partition: Int, next: Int64, highWatermark: Int64) {
            self.partition = partition
            self.next = next
            self.highWatermark = highWatermark
        }
    }

    public var night: Int
    public var attempt: Int
    /// The night's window as first planned (a resumed night keeps its window: nothing skipped, nothing added).
    public var window: [NightRecord.Range]
    /// Prompts of the window the generators have still to take.
    public var remaining: Int

    /// What the next run does.
    public enum Next: Sendable, Equatable {
        case run(NightPlan)
        /// Nothing: fewer than `minPrompts` prompts arrived since the last night (`lastNight`, nil before the first).
        case nothingNew(available: Int, lastNight: Int?)
    }

    /// The plan, or why there is none.
    /// - Parameters:
    ///   - records: the nightly topic, oldest first.
    ///   - partitions: every partition of the prompts topic.
    public static func make(
        records: [NightRecord], partitions: [Partition], maxPrompts: Int, minPrompts: Int = 1
    ) -> Next {
        let next = Dictionary(uniqueKeysWithValues: partitions.map { ($0.partition, $0.next) })
        let lastNight = records.map(\.night).max()
        // A night that started and never finished is run again: same number, same window.
        if let night = lastNight, !records.contains(where: { $0.night == night && $0.status == .finished }),
           let started = records.last(where: { $0.night == night && $0.status == .started })
        {
            let remaining = started.window.reduce(0) { $0 + max(0, $1.to - max($1.from, next[$1.partition] ?? $1.from)) }
            return .run(NightPlan(
                night: night, attempt: started.attempt + 1, window: started.window, remaining: Int(remaining)))
        }
        let window = Self.window(partitions, maxPrompts: maxPrompts)
        let count = window.reduce(0) { $0 + Int($1.count) }
        guard count >= minPrompts, count > 0 else {
            return .nothingNew(available: count, lastNight: lastNight)
        }
        return .run(NightPlan(night: (lastNight ?? 0) + 1, attempt: 1, window: window, remaining: count))
    }

    /// From each partition's next offset, at most `maxPrompts` in all, shared out one at a time across the
    /// partitions that have prompts waiting, so a busy partition cannot starve the others.
    static func window(_ partitions: [Partition], maxPrompts: Int) -> [NightRecord.Range] {
        var ends = partitions.map(\.next)
        var left = maxPrompts
        var progressed = true
        while left > 0 && progressed {
            progressed = false
            for (index, partition) in partitions.enumerated() where left > 0 && ends[index] < partition.highWatermark {
                ends[index] += 1
                left -= 1
                progressed = true
            }
        }
        return zip(partitions, ends).map { NightRecord.Range(partition: $0.partition, from: $0.next, to: $1) }
    }
}
