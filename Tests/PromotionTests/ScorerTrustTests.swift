import Evaluation
import Foundation
import Promotion
import Testing

/// The label-free gate trusts a scorer only on its audit: it must help and beat the random control.
@Suite struct ScorerTrustTests {
    static func row(_ scorer: String, role: String, auc: Double, top1: Double, helps: Bool) -> [String: Any] {
        ["scorer": scorer, "role": role, "auc": ["auc": auc, "positives": 40, "negatives": 60], "top1Accuracy": top1,
         "meanScoreCorrect": 0.7, "meanScoreIncorrect": 0.3, "verdict": helps ? "helps" : "does not help",
         "reason": helps ? "top-1 beats greedy" : "top-1 18.0% does not beat greedy 19.0% by 2 points"]
    }

    static func report(_ rows: [[String: Any]], task: String = "docqa-easy-chat") throws -> AuditReport {
        let json: [String: Any] = [
            "model": "m", "task": task, "split": "dev", "prompts": 100, "samples": 8, "temperature": 1, "seed": 0,
            "scorers": "reward-model", "thresholds": ["margin": 0.02, "minAUC": 0.6], "greedyAccuracy": 0.44,
            "passAtN": 0.62, "sampledAccuracy": 0.12, "rows": rows,
        ]
        return try JSONDecoder().decode(AuditReport.self, from: JSONSerialization.data(withJSONObject: json))
    }

    @Test func aScorerThatHelpsAndBeatsTheControlIsTrusted() throws {
        let report = try Self.report([
            Self.row("reward-model", role: "term", auc: 0.81, top1: 0.55, helps: true),
            Self.row("random", role: "control", auc: 0.5, top1: 0.13, helps: false),
        ])
        let trust = try ScorerTrust(report: report, scorer: "reward-model", task: "docqa")
        #expect(trust.trusted && trust.reason.contains("AUC 0.81") && trust.reason.contains("random 13.0%"))
    }

    @Test func aScorerThatDoesNotHelpOrLosesToTheCoinIsNotTrusted() throws {
        let weak = try Self.report([
            Self.row("judge", role: "term", auc: 0.55, top1: 0.18, helps: false),
            Self.row("random", role: "control", auc: 0.5, top1: 0.1, helps: false),
        ])
        let judge = try ScorerTrust(report: weak, scorer: "judge", task: "docqa")
        #expect(!judge.trusted && judge.reason.contains("does not beat greedy"))
        // A noisy slice can make the coin "help": a scorer that does not beat it has shown nothing.
        let noisy = try Self.report([
            Self.row("judge", role: "term", auc: 0.7, top1: 0.3, helps: true),
            Self.row("random", role: "control", auc: 0.68, top1: 0.33, helps: true),
        ])
        let lucky = try ScorerTrust(report: noisy, scorer: "judge", task: "docqa")
        #expect(!lucky.trusted && lucky.reason.contains("does not beat the random control"))
    }

    @Test func anAuditOfAnotherScorerOrTaskIsAConfigurationError() throws {
        let report = try Self.report([Self.row("verifier", role: "term", auc: 1, top1: 0.6, helps: true)])
        #expect { _ = try ScorerTrust(report: report, scorer: "reward-model", task: "docqa") } throws: {
            "\($0)".contains("no row for the run's scorer 'reward-model'") && "\($0)".contains("tao scorer audit")
        }
        #expect { _ = try ScorerTrust(report: report, scorer: "verifier", task: "sql") } throws: {
            "\($0)".contains("not the gate's 'sql'")
        }
    }
}
