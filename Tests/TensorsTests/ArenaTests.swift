import Testing
import Tensors

@Suite struct ArenaTests {
    @Test func layoutPacksViewsContiguouslyInOrder() {
        var layout = ArenaLayout()
        let a = layout.add("a", [2, 3])
        let b = layout.add("b", [4])
        #expect(a.offset == 0 && a.count == 6)
        #expect(b.offset == 6 && b.count == 4)
        #expect(layout.count == 10)
        #expect(layout["b"] == b)
        #expect(layout["missing"] == nil)
        #expect(a.shape.description == "(2, 3)")
    }

    @Test func arenasWithOneLayoutLineUp() {
        var layout = ArenaLayout()
        let a = layout.add("a", [3])
        let b = layout.add("b", [2, 2])
        let params = TensorArena(layout: layout)
        #expect(params.buffer.allSatisfy { $0 == 0 })
        params[b][3] = 5
        params[a][0] = -1
        #expect(params.base[a.count + 3] == 5)
        #expect(params.sumOfSquares() == 26)
        #expect(params.sum(b) == 5)

        let copy = TensorArena(layout: layout)
        copy.copy(from: params)
        #expect(Array(copy.buffer) == Array(params.buffer))
        params.zero()
        #expect(params.sumOfSquares() == 0)
        #expect(copy["b"][3] == 5)
    }

    @Test func checksumSeesEveryElementAndItsPosition() {
        var layout = ArenaLayout()
        layout.add("w", [1000])
        let a = TensorArena(layout: layout), b = TensorArena(layout: layout)
        var g = SeededGenerator(seed: 4)
        g.fillNormal(a.buffer)
        b.copy(from: a)
        #expect(a.checksum() == b.checksum())
        b.base[999] = b.base[999].nextUp
        #expect(a.checksum() != b.checksum())
        b.copy(from: a)
        b.buffer.swapAt(10, 11)
        #expect(a.checksum() != b.checksum())
    }

    @Test func seededGeneratorIsDeterministicAndRoughlyNormal() {
        var g1 = SeededGenerator(seed: 7)
        var g2 = SeededGenerator(seed: 7)
        let xs = (0..<20_000).map { _ in g1.normal(std: 2) }
        let ys = (0..<20_000).map { _ in g2.normal(std: 2) }
        #expect(xs == ys)
        let mean = xs.reduce(0, +) / Float(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(xs.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance.squareRoot() - 2) < 0.05)
    }
}
