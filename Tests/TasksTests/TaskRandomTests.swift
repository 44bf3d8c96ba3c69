import Tasks
import Testing

/// TaskRandom's streams are what every generated task item is made of: they must not change.
struct TaskRandomTests {
    /// SplitMix64 started at `seed ^ 0x5DEECE66D1CE4E5B`: values from scripts/fixtures/deterministic_reference.py
    /// (an independent Python implementation), and the same as TaskRandom gave before it was built on
    /// Deterministic's SplitMix64.
    @Test func rawValuesArePinned() {
        var zero = TaskRandom(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0x95b1_6f87_c43b_de85, 0x5d89_faf7_885c_0810, 0x9b89_248d_3008_3767])
        var answer = TaskRandom(seed: 42)
        #expect([answer.next(), answer.next(), answer.next()] == [0x021a_94bb_b760_1313, 0x6013_a441_a459_c79c, 0x12f3_7771_cb32_2fc9])
    }

    /// The helpers built on next(): `int(in:)` from the Python script (next() % width), `pick` and `shuffle` as
    /// the Swift code gave them before the change.
    @Test func helpersArePinned() {
        var ints = TaskRandom(seed: 0)
        #expect((0..<6).map { _ in ints.int(in: 0...99) } == [97, 84, 63, 35, 91, 27])
        var others = TaskRandom(seed: 42)
        #expect((0..<6).map { _ in others.int(in: 0...99) } == [95, 52, 29, 23, 40, 28])

        var picks = TaskRandom(seed: 0)
        #expect((0..<6).map { _ in picks.pick(["a", "b", "c", "d", "e"]) } == ["c", "e", "d", "a", "b", "c"])
        var shuffled = Array(0..<10)
        var shuffler = TaskRandom(seed: 42)
        shuffler.shuffle(&shuffled)
        #expect(shuffled == [0, 7, 2, 6, 3, 8, 9, 1, 4, 5])
    }
}
