import Foundation
import Testing

@testable import Plots

@Suite struct NiceTicksTests {
    /// True when `step` is 1, 2 or 5 × 10^k.
    private func isNice(_ step: Double) -> Bool {
        let mantissa = step / pow(10, log10(step).rounded(.down))
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test(arguments: [
        (0.0, 1.0), (0.123, 0.871), (-3.2, 17.9), (1.0, 16.0), (0.31, 0.34), (250.0, 10_500.0), (-0.002, -0.0007),
    ])
    func ticksCoverTheRangeAtNiceEvenSteps(lower: Double, upper: Double) {
        let ticks = NiceTicks(covering: lower...upper, targetCount: 5)
        #expect(isNice(ticks.step), "step \(ticks.step)")
        #expect(ticks.values.first! <= lower && ticks.values.last! >= upper)
        // Covering, not overshooting by a whole step.
        #expect(ticks.values.first! > lower - ticks.step && ticks.values.last! < upper + ticks.step)
        for (a, b) in zip(ticks.values, ticks.values.dropFirst()) {
            #expect(abs(b - a - ticks.step) < ticks.step * 1e-9)
        }
        #expect((3...11).contains(ticks.values.count), "\(ticks.values)")
    }

    @Test func boundsOnATickAddNoEmptyInterval() {
        #expect(NiceTicks(covering: 0...1, targetCount: 5).values == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(NiceTicks(covering: 0...0.3, targetCount: 3).values.last! < 0.3 + 1e-9)
    }

    @Test func aSingleValueStillGetsTicksAroundIt() {
        let ticks = NiceTicks(covering: 0.5...0.5)
        #expect(ticks.values.count >= 2)
        #expect(ticks.values.first! < 0.5 && ticks.values.last! > 0.5)
    }

    @Test func ticksInsideAFixedRangeStayInside() {
        let ticks = NiceTicks(inside: 0.05...0.95, targetCount: 5)
        #expect(ticks.values.allSatisfy { (0.05...0.95).contains($0) })
        #expect(ticks.values.count >= 3)
    }

    @Test func percentTicksAndLabels() {
        #expect(ValueFormat.percent.label(0.345) == "34.5%")
        #expect(ValueFormat.percent.tick(0.30000000000000004, step: 0.1) == "30%")
        #expect(ValueFormat.percent.tick(0.025, step: 0.005) == "2.5%")
        #expect(ValueFormat.percent.tick(-1e-17, step: 0.1) == "0%")
        #expect(ValueFormat.plain.label(12.5) == "12.5")
        #expect(ValueFormat.plain.label(3) == "3")
        #expect(ValueFormat.plain.tick(2000, step: 500) == "2000")
        #expect(ValueFormat.plain.tick(0.25, step: 0.05) == "0.25")
    }
}
