import Foundation
import Testing

@testable import Plots

@Suite struct LineChartTests {
    static let passAtK = LineChart(
        title: "pass@k on arithmetic", xLabel: "samples per prompt N", yLabel: "pass rate",
        series: [
            ChartSeries(name: "base", points: [1, 2, 4, 8, 16].enumerated().map { i, n in
                ChartPoint(x: n, y: 0.20 + 0.08 * Double(i))
            }, dashed: true),
            ChartSeries(name: "TAO (GRPO)", points: [1, 2, 4, 8, 16].enumerated().map { i, n in
                let y = 0.35 + 0.09 * Double(i)
                return ChartPoint(x: n, y: y, low: y - 0.03, high: y + 0.025)
            }),
        ],
        references: [ReferenceLine(label: "base pass@8", y: 0.44)],
        xScale: .log2, yFormat: .percent)

    @Test func isWellFormedXMLWithOnePolylinePerSeries() throws {
        let svg = try ParsedSVG(try Self.passAtK.svg())
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.elements(named: "polyline", class: "series").count == 2)
        #expect(svg.elements(named: "polyline", class: "series")[0].attributes["stroke-dasharray"] != nil)
        #expect(svg.elements(named: "line", class: "reference").count == 1)
        #expect(svg.texts.contains("base pass@8"))
        #expect(svg.texts.contains("TAO (GRPO)"))  // legend
        #expect(svg.elements(named: "line", class: "error-bar").count == 5 * 3)
        let background = try #require(svg.elements(named: "rect").first)
        #expect(background.attributes["fill"] == "white")
    }

    @Test func log2AxisSpacesDoublingsEquallyWithTicksAtTheData() throws {
        let svg = try ParsedSVG(try Self.passAtK.svg())
        let xs = svg.elements(named: "polyline", class: "series")[1].points.map(\.x)
        let gaps = zip(xs, xs.dropFirst()).map { $1 - $0 }
        #expect(gaps.count == 4)
        #expect(gaps.allSatisfy { $0 > 10 && abs($0 - gaps[0]) < 0.02 }, "\(gaps)")
        for label in ["1", "2", "4", "8", "16"] { #expect(svg.texts.contains(label)) }
    }

    @Test func higherValuesAreDrawnHigher() throws {
        let svg = try ParsedSVG(try Self.passAtK.svg())
        let ys = svg.elements(named: "polyline", class: "series")[1].points.map(\.y)
        // The series rises with N, so its SVG y must fall.
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $1 < $0 }, "\(ys)")
        let base = svg.elements(named: "polyline", class: "series")[0].points.map(\.y)
        #expect(zip(ys, base).allSatisfy { $0 < $1 })
    }

    @Test func yTicksArePercentagesAndCoverTheData() throws {
        let svg = try ParsedSVG(try Self.passAtK.svg())
        let ticks = svg.texts.filter { $0.hasSuffix("%") }
        #expect(!ticks.contains { $0.contains(".") }, "whole-percent steps need no decimals: \(ticks)")
        let values = ticks.compactMap { Double($0.dropLast()) }
        // Data runs from 20% (base at N = 1) to 73.5% (TAO's upper error bar at N = 16).
        #expect(values.min()! <= 20 && values.max()! >= 73.5, "\(ticks)")
    }

    @Test func aFixedYRangeSetsTheAxisAndClipsTheData() throws {
        var chart = Self.passAtK
        chart.yRange = 0.3...0.6
        let svg = try ParsedSVG(try chart.svg())
        let ticks = svg.texts.filter { $0.hasSuffix("%") }
        #expect(ticks.first == "30%" && ticks.last == "60%", "\(ticks)")
        let group = try #require(svg.elements(named: "g").first)
        #expect(group.attributes["clip-path"] == "url(#plot-area)")
        #expect(svg.elements(named: "clipPath").count == 1)
    }

    @Test func textIsEscaped() throws {
        var chart = Self.passAtK
        chart.title = "\"quoted\" & 'single'"
        chart.series[0].name = "a<b&c"
        let text = try chart.svg()
        #expect(text.contains("a&lt;b&amp;c"))
        #expect(!text.contains("a<b&c"))
        let svg = try ParsedSVG(text)
        #expect(svg.texts.contains("a<b&c"))
        #expect(svg.texts.contains("\"quoted\" & 'single'"))
    }

    @Test func linearAxisGetsNiceTicks() throws {
        let chart = LineChart(series: [
            ChartSeries(name: "loss", points: [(0.0, 2.3), (130, 1.9), (270, 1.4), (400, 1.2)].map {
                ChartPoint(x: $0.0, y: $0.1)
            })
        ])
        let svg = try ParsedSVG(try chart.svg())
        for label in ["0", "100", "200", "300", "400"] { #expect(svg.texts.contains(label), "\(svg.texts)") }
    }

    @Test func badDataThrowsSayingWhatIsWrong() {
        #expect(throws: ChartError.self) { try LineChart(series: []).svg() }
        #expect(throws: ChartError.self) { try LineChart(series: [ChartSeries(name: "empty", points: [])]).svg() }
        let zero = LineChart(series: [ChartSeries(name: "n", points: [ChartPoint(x: 0, y: 1)])], xScale: .log2)
        do {
            _ = try zero.svg()
            Issue.record("x = 0 on a log2 axis should throw")
        } catch {
            #expect(error.message.contains("\"n\"") && error.message.contains("log2"))
        }
        var nan = Self.passAtK
        nan.series[1].points[2].y = .nan
        #expect(throws: ChartError.self) { try nan.svg() }
    }
}
