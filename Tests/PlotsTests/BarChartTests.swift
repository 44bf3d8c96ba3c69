import Foundation
import Testing

@testable import Plots

@Suite struct BarChartTests {
    static let comparison = BarChart(
        title: "pass@1 by task", yLabel: "pass@1",
        categories: ["arithmetic", "text-to-SQL", "document QA"],
        series: [
            BarSeries(name: "base", values: [0.21, 0.08, 0.33]),
            BarSeries(name: "TAO", values: [0.345, 0.17, 0.41], low: [0.31, 0.15, 0.38], high: [0.37, 0.2, 0.44]),
        ],
        yFormat: .percent)

    @Test func isWellFormedXMLWithOneRectPerBar() throws {
        let svg = try ParsedSVG(try Self.comparison.svg())
        #expect(svg.elements(named: "rect", class: "bar").count == 3 * 2)
        #expect(svg.elements(named: "rect", class: "legend-swatch").count == 2)
        #expect(svg.elements(named: "text", class: "value-label").map(\.text).contains("34.5%"))
        #expect(svg.texts.contains("text-to-SQL"))
        #expect(svg.elements(named: "line", class: "error-bar").count == 3 * 3)
    }

    @Test func higherValuesMakeTallerBarsWithHigherTops() throws {
        let bars = try ParsedSVG(try Self.comparison.svg()).elements(named: "rect", class: "bar")
        // Bars go category by category, series within: [arith base, arith TAO, sql base, sql TAO, ...].
        let base = bars[0], tao = bars[1]
        #expect(try #require(tao.number("y")) < #require(base.number("y")))
        #expect(try #require(tao.number("height")) > #require(base.number("height")))
        // All bars stand on the same baseline.
        let bottoms = bars.map { $0.number("y")! + $0.number("height")! }
        #expect(bottoms.allSatisfy { abs($0 - bottoms[0]) < 0.02 })
    }

    @Test func mismatchedDataThrowsSayingWhatIsWrong() {
        var chart = Self.comparison
        chart.series[0].values = [0.1, 0.2]
        do {
            _ = try chart.svg()
            Issue.record("2 values for 3 categories should throw")
        } catch {
            #expect(error.message.contains("\"base\" has 2 values"), "\(error.message)")
            #expect(error.message.contains("3 categories"))
        }
        chart = Self.comparison
        chart.series[1].high = [0.4]
        #expect(throws: ChartError.self) { try chart.svg() }
        #expect(throws: ChartError.self) { try BarChart(categories: [], series: []).svg() }
        #expect(throws: ChartError.self) { try BarChart(categories: ["a"], series: []).svg() }
    }

    @Test func aBarAtOneHundredPercentKeepsTheAxisAtOneHundredPercentWithRoomForItsLabel() throws {
        let chart = BarChart(
            categories: ["a", "b"], series: [BarSeries(name: "s", values: [1, 0.5])], yFormat: .percent)
        let svg = try ParsedSVG(try chart.svg())
        let ticks = svg.texts.filter { $0.hasSuffix("%") && !$0.contains(".") }
        #expect(ticks.last == "100%", "\(ticks)")
        let label = try #require(svg.elements(named: "text", class: "value-label").first { $0.text == "100.0%" })
        let topOfPlot = try #require(svg.elements(named: "line").compactMap { $0.number("y1") }.min())
        #expect(try #require(label.number("y")) - 11 >= topOfPlot, "the label stays inside the plot")
    }

    @Test func tooSmallACanvasThrows() {
        var chart = Self.comparison
        chart.width = 80
        chart.height = 60
        #expect(throws: ChartError.self) { try chart.svg() }
    }
}
