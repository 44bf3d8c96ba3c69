import Evaluation
import Experiments
import Foundation
import Llama
import Tasks
import Testing

/// The AUC against a hand-computed case and against counting every (positive, negative) pair; the audit's top-1,
/// means and verdicts on hand-made candidates; and the audit of a tiny trained model, where the exact verifier
/// ranks perfectly and the coin does not.
@Suite struct ROCAUCTests {
    @Test func matchesHandComputedValuesAndSaysWhenItIsUndefined() {
        // The textbook case: 0.35 beats 0.1 only, 0.8 beats both negatives: 3 of 4 pairs.
        #expect(ROCAUC.compute(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]).auc == 0.75)
        // Ties count one half: the positive 0.5 ties two negatives (½ + ½), the positive 1 beats both (2): 3 of 4.
        #expect(ROCAUC.compute(scores: [0.5, 0.5, 0.5, 1], labels: [true, false, false, true]).auc == 0.75)
        #expect(ROCAUC.compute(scores: [1, 1, 1], labels: [true, false, false]).auc == 0.5, "a constant scorer")
        #expect(ROCAUC.compute(scores: [0, 1], labels: [true, false]).auc == 0, "exactly backwards")
        let none = ROCAUC.compute(scores: [0.2, 0.9], labels: [true, true])
        #expect(none.auc == nil && none.positives == 2 && none.negatives == 0)
        #expect(none.undefinedReason?.contains("no incorrect candidates") == true)
        #expect(ROCAUC.compute(scores: [], labels: []).undefinedReason?.contains("no correct candidates") == true)
    }

    @Test func agreesWithCountingEveryPair() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {  // an LCG of our own: the check must not share code with what it checks
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for trial in 0..<300 {
            let count = 2 + Int(next() % 40)
            // Few distinct values, so ties are common.
            let levels = 1 + Int(next() % 6)
            let scores = (0..<count).map { _ in Double(next() % UInt64(levels)) / Double(levels) }
            let labels = (0..<count).map { _ in next() % 3 == 0 }
            let positives = labels.indices.filter { labels[$0] }, negatives = labels.indices.filter { !labels[$0] }
            let result = ROCAUC.compute(scores: scores, labels: labels)
            guard !positives.isEmpty, !negatives.isEmpty else {
                #expect(result.auc == nil, "trial \(trial)")
                continue
            }
            var wins = 0.0
            for i in positives {
                for j in negatives { wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0 }
            }
            let pairwise = wins / Double(positives.count * negatives.count)
            #expect(abs((result.auc ?? -1) - pairwise) < 1e-12, "trial \(trial): \(scores) \(labels)")
        }
    }
}

@Suite struct ScorerAuditTests {
    let task = ArithmeticTask(difficulty: .easy)

    /// Each prompt: greedy wrong, candidates [wrong integer, right, no answer].
    func cases(_ count: Int) -> [ScorerAudit.Case] {
        task.labeled(count: count, seed: 4).map { example in
            let answer = Int(example.answer)!
            return ScorerAudit.Case(
                example: example, greedy: "\(answer + 1)\n", samples: ["\(answer + 1)\n", "\(answer)\n", "many\n"])
        }
    }

    @Test func judgesEachTermTheWholeAndTheControlAgainstTheLabels() async throws {
        let report = try await ScorerAudit.audit(
            task: task, cases: cases(20), scorers: "verifier+0.2*format",
            context: .init(model: "hand-made", split: "dev", temperature: 1, seed: 0))
        #expect(report.rows.map(\.scorer) == ["verifier", "format", "verifier+0.2*format", "random"])
        #expect(report.rows.map(\.role) == ["term", "term", "combined", "control"])
        #expect(report.greedyAccuracy == 0 && report.passAtN == 1 && abs(report.sampledAccuracy - 1.0 / 3) < 1e-12)

        let verifier = try #require(report.row("verifier"))
        #expect(verifier.auc.auc == 1 && verifier.auc.positives == 20 && verifier.auc.negatives == 40)
        #expect(verifier.top1Accuracy == 1 && verifier.meanScoreCorrect == 1 && verifier.meanScoreIncorrect == 0)
        #expect(verifier.helps, "\(verifier.reason)")

        // Format ties the wrong and the right integer: the tie goes to the lower index, the wrong one.
        let format = try #require(report.row("format"))
        #expect(format.top1Accuracy == 0 && format.auc.auc == 0.75 && !format.helps)
        #expect(format.reason.contains("top-1 +0.0 pts vs greedy, needs +2.0 pts"), "\(format.reason)")
        #expect(try #require(report.row("verifier+0.2*format")).top1Accuracy == 1)

        // A stricter AUC threshold turns the verdict; the report round-trips through JSON for the gate.
        let strict = try await ScorerAudit.audit(
            task: task, cases: cases(20), scorers: "verifier",
            context: .init(model: "hand-made", split: "dev", temperature: 1, seed: 0),
            thresholds: .init(margin: 1.5, minAUC: 0.6))
        #expect(strict.rows.map(\.scorer) == ["verifier", "random"] && strict.row("verifier")?.helps == false)
        let decoded = try JSONDecoder().decode(AuditReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
        #expect(report.table.contains("| verifier | term | 1.000 | 20 / 40 | 100.0 % | +100.0 pts |"), "\(report.table)")
    }

    @Test func aTinyTrainedModelsVerifierRanksPerfectlyAndTheCoinDoesNot() async throws {
        // Trained on a few prompts until it answers some of its samples right and some wrong.
        var settings = TinyModels.warmStart(steps: 60)
        settings.examples = 12
        let model = try SupervisedWarmStart.train(task: task, settings: settings)
        let examples = task.labeled(count: settings.examples, seed: settings.dataSeed)
        let report = try await Evaluator(model: model, tokenizer: ByteTokenizer(), label: "tiny").scorerAudit(
            task: task, examples: examples, split: "train", samples: 16, temperature: 1, scorers: "verifier+0.2*format",
            maxNewTokens: 6)
        let verifier = try #require(report.row("verifier"))
        #expect(verifier.auc.positives > 10 && verifier.auc.negatives > 10, "mixed correctness: \(report.table)")
        #expect(verifier.auc.auc == 1, "the exact verifier is the label: \(report.table)")
        #expect(verifier.top1Accuracy == report.passAtN, "it picks a right candidate wherever there is one")
        #expect(verifier.meanScoreCorrect == 1 && verifier.meanScoreIncorrect == 0)
        let random = try #require(report.row("random"))
        #expect(abs((random.auc.auc ?? 0) - 0.5) < 0.15, "the coin is blind to correctness: \(report.table)")
        #expect(report.prompts == 12 && report.samples == 16 && report.model == "tiny")
    }
}
