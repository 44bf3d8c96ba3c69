import Foundation
import FoundationXML
import Messages
import Nightly
import Testing

struct RunReportTests {
    let history = RunHistory(
        runId: "r1",
        rewards: [.init(version: 0, meanReward: 0.2, candidates: 64), .init(version: 1, meanReward: 0.35, candidates: 64),
                  .init(version: 2, meanReward: 0.5, candidates: 32)],
        promotions: [
            PromotionRecord(version: 0, decision: .promoted, by: "gate", previous: nil, reason: "start", figures: ["candidateDevPassAt1": 0.2], at: 0),
            PromotionRecord(version: 2, decision: .refused, by: "gate", previous: 0, reason: "lost | accuracy",
                            figures: ["candidateDevPassAt1": 0.1, "promotedDevPassAt1": 0.2], at: 60),
        ],
        nights: [NightRecord(
            night: 1, status: .finished, attempt: 2, window: [.init(partition: 0, from: 0, to: 12)], promptsTaken: 9,
            versionBefore: 0, versionAfter: 2, decision: "refused", startedAt: 0, finishedAt: 90)],
        versions: [0, 1, 2], promptsArrived: 12)

    @Test func writesTheMarkdownAndAParseableSVGForEveryCurveWithData() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try RunReport(history: history, night: history.nights[0]).write(to: directory)
        let markdown = try String(contentsOf: report, encoding: .utf8)
        #expect(markdown.hasPrefix("# Run r1, night 1"))
        #expect(markdown.contains("| v2 | 0.500 | 32 | 10.0% | refused (gate) |"), "\(markdown)")
        #expect(markdown.contains("lost \\| accuracy"), "a reason's '|' must not break the table")
        #expect(markdown.contains("| 1 | 2 | 9 | v0 → v2 | refused |"), "\(markdown)")
        for figure in [RunReport.rewardFigure, RunReport.gateFigure, RunReport.trafficFigure] {
            #expect(markdown.contains("](\(figure))"))
            let data = try Data(contentsOf: directory.appendingPathComponent(figure))
            #expect(XMLParser(data: data).parse(), "\(figure) is not well-formed XML")
        }
    }

    @Test func aRunWithNoDataYetSaysSoInsteadOfDrawingEmptyCharts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = RunHistory(runId: "r2", rewards: [], promotions: [], nights: [], versions: [], promptsArrived: 0)
        let markdown = try String(contentsOf: try RunReport(history: empty).write(to: directory), encoding: .utf8)
        #expect(markdown.contains("No data yet for mean reward by version.") && markdown.contains("No night has finished yet."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.md"])
    }
}
