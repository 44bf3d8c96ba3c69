@testable import Experiments
import Foundation
import Testing

/// Control arms in a scaling result: each point names the scorer it was tuned with, the table says so, and the
/// figure draws one held-out line per scorer. Results written before control arms existed still decode.
@Suite struct ScalingControlsTests {
    static func split(_ passAt1: Double) -> String {
        #"{"count":200,"passAt1":\#(passAt1),"k":8,"passAtK":0.6,"sampledAccuracy":0.1,"meanGreedyTokens":15}"#
    }
    static func arm(_ name: String, _ passAt1: Double) -> String {
        #"{"name":"\#(name)","eval":\#(split(passAt1)),"dev":\#(split(passAt1)),"trainingSeconds":10}"#
    }
    static func point(_ n: Int, _ passAt1: Double, scorer: String?) -> String {
        let named = scorer.map { #","scorer":"\#($0)""# } ?? ""
        return #"{"samplesPerPrompt":\#(n),"sampledCompletions":\#(n * 300),"score":\#(arm("TAO", passAt1)),"parameters":5\#(named)}"#
    }
    static func result(_ points: [String]) -> String {
        #"""
        {"task":"docqa-easy-chat","promptCount":300,"promptSeed":2,"warmStart":"pretrained m.gguf",
         "tuning":{"samplesPerPrompt":8,"temperature":1,"learningRate":0.0002,"updatesPerVersion":2,"maxLag":4,
                   "loss":"grpo","scorer":"verifier","seed":7},
         "evaluation":{"k":8,"samples":8,"temperature":1,"seed":0},
         "base":\#(arm("base", 0.485)),"baseParameters":5,"points":[\#(points.joined(separator: ","))]}
        """#
    }

    @Test func controlArmsAreNamedInTheTableAndDrawnAsTheirOwnLines() throws {
        let json = Self.result([
            Self.point(8, 0.55, scorer: nil), Self.point(8, 0.49, scorer: "random"), Self.point(4, 0.50, scorer: "random"),
        ])
        let result = try JSONDecoder().decode(ScalingResult.self, from: Data(json.utf8))
        #expect(result.points.map(\.scorer) == [nil, "random", "random"])
        #expect(result.markdown.contains("| 8, scorer `random` |"))
        #expect(result.markdown.contains("| 8 | 2400 |"))
        let svg = try ExperimentPlots.scaling(result)
        #expect(svg.contains("held-out pass@1, verifier") && svg.contains("held-out pass@1, random"))
        #expect(!svg.contains("dev pass@1"), "one line per scorer, not per split")

        let plain = try JSONDecoder().decode(ScalingResult.self, from: Data(Self.result([Self.point(8, 0.55, scorer: nil)]).utf8))
        #expect(try ExperimentPlots.scaling(plain).contains("dev pass@1"))
    }

    /// The axis grows to hold the highest point: a 64.5 % arm on the old fixed 0–60 % axis was clipped away,
    /// leaving a figure with no data on it.
    @Test func theAxisHoldsAPointAboveSixtyPercent() throws {
        #expect(ExperimentPlots.scalingYRange([0.1, 0.485]) == 0...0.6)
        #expect(ExperimentPlots.scalingYRange([0.485, 0.645]) == 0...0.7)
        #expect(ExperimentPlots.scalingYRange([0.55]) == 0...0.6)
        #expect(ExperimentPlots.scalingYRange([0.99]) == 0...1)
    }
}
