import Evaluation
import Foundation
import Testing

/// `tao scorer audit` as a user runs it, on the flywheel's easy-arithmetic base and its dev split: a JSON line per
/// scorer (each term, the whole, the random control), the report for the gate in a file, and the table.
@Suite(.serialized) struct ScorerAuditProcessTests {
    @Test(.timeLimit(.minutes(10)))
    func theCommandAuditsEachTermTheWholeAndTheControl() async throws {
        let base = try await Flywheel.base()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-audit-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let reportFile = work.appendingPathComponent("audit.json")
        let arguments = [
            "scorer", "audit", "--model", base.path, "--task", "arithmetic", "--difficulty", "easy", "--split", "dev",
            "--count", "24", "--samples", "8", "--max-tokens", "6", "--scorers", "verifier+0.2*format",
        ]
        let child = try ChildLog.tao(arguments + ["--json", "--report", reportFile.path], in: work, name: "audit")
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0, "\(child.log)")
        let lines = child.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.map { $0["scorer"] as? String } == ["verifier", "format", "verifier+0.2*format", "random"], "\(child.log)")
        let verifier = try #require(lines.first)
        #expect((verifier["positives"] as? Int ?? 0) > 0 && (verifier["negatives"] as? Int ?? 0) > 0, "\(child.log)")
        #expect(verifier["auc"] as? Double == 1, "the exact verifier is the label: \(child.log)")
        #expect(verifier["top1Accuracy"] as? Double == verifier["passAtN"] as? Double)
        #expect(lines.allSatisfy { ["helps", "does not help"].contains($0["verdict"] as? String ?? "") })
        // The control's verdict is whatever its numbers say: with few right candidates a coin can look good by luck,
        // which is what the row is there to show.
        let control = try #require(lines.last)
        #expect(control["role"] as? String == "control" && control["positives"] as? Int == verifier["positives"] as? Int)

        let report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: reportFile))
        // Easy arithmetic's dev split has fewer distinct prompts than asked for once the warm start's are excluded.
        #expect(report.prompts == verifier["prompts"] as? Int && (1...24).contains(report.prompts))
        #expect(report.samples == 8 && report.split == "dev" && report.task == "arithmetic")
        #expect(report.row("verifier")?.auc.auc == 1 && report.rows.count == 4)

        let table = try ChildLog.tao(arguments, in: work, name: "table")
        table.process.waitUntilExit()
        #expect(table.process.terminationStatus == 0, "\(table.log)")
        #expect(table.log.contains("| scorer | role | AUC |") && table.log.contains("| random | control |"), "\(table.log)")

        let refused = try ChildLog.tao(
            ["scorer", "audit", "--model", base.path, "--scorers", "verifier+judge"], in: work, name: "refused")
        refused.process.waitUntilExit()
        #expect(refused.process.terminationStatus != 0, "\(refused.log)")
    }
}
