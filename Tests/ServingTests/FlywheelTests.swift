import Evaluation
import Foundation
import Llama
import Tasks
import TestSupport
import Testing

/// The flywheel as a user runs it, every part a process on the embedded broker: `tao up` (the fleet, fed nothing
/// but served traffic), `tao gate` (a labeled dev file) and `tao serve` (following the promotion record), with the
/// official `openai` client sending arithmetic prompts. The served prompts reach the prompts topic, the fleet tunes
/// on them, the gate judges the new versions against the promoted one, and serve's version header follows its
/// decisions: a version the gate promotes answers; with a scorer that rewards wrong answers, the gate refuses and
/// serve keeps answering with the base.
@Suite(.serialized) struct FlywheelTests {
    @Test(.timeLimit(.minutes(10)))
    func servedTrafficTunesAVersionTheGatePromotesAndServeAnswersWith() async throws {
        let flywheel = try await Flywheel.start(scorer: "verifier", learningRate: 0.0001)
        defer { flywheel.stop() }
        try await flywheel.waitForServing("the base, v0") { $0 == "0" }
        try flywheel.sendTraffic(40)
        let promoted = try await flywheel.waitForDecision { $0.decision == "promoted" && $0.version > 0 }
        print("flywheel: \(promoted.reason)")
        #expect(promoted.figures["candidateDevPassAt1"] != nil && promoted.figures["promotedDevPassAt1"] != nil)
        // tao up was given no prompts (--count 0): every version past the base was tuned on served traffic. The
        // gate may have promoted newer ones meanwhile; serve answers with one of those it promoted.
        let answering = try await flywheel.waitForServing("a promoted version past v0") { ($0 != "0") }
        let promotedVersions = Set(flywheel.decisions.filter { $0.decision == "promoted" }.map { String($0.version) })
        #expect(promotedVersions.contains(answering), "v\(answering) answered; promoted: \(promotedVersions.sorted())")

        // An operator takes over: `tao promote` names a version, `tao rollback` returns to the one promoted before.
        flywheel.stopGate()
        let promotedByHand = try flywheel.operatorCommand(["promote", answering, "--reason", "test: pin it"])
        #expect(promotedByHand.contains(#""by":"operator"#), "\(promotedByHand)")
        try await flywheel.waitForServing("v\(answering), pinned") { $0 == answering }
        let rolledBack = try flywheel.operatorCommand(["rollback", "--reason", "test: roll back"])
        #expect(rolledBack.contains(#""decision":"rolled-back""#), "\(rolledBack)")
        let back = try await flywheel.waitForServing("the version before v\(answering)") { $0 != answering }
        let everPromoted = Set(flywheel.decisions.filter { $0.decision == "promoted" }.map { String($0.version) })
        #expect(everPromoted.contains(back), "rolled back to v\(back); the gate promoted \(everPromoted.sorted())")
        let refusal = try flywheel.operatorCommand(["promote", "999999"], expectFailure: true)
        #expect(refusal.contains("v999999 has not been announced"), "\(refusal)")
    }

    @Test(.timeLimit(.minutes(10)))
    func aScorerThatRewardsWrongAnswersIsRefusedAndServeKeepsThePromotedVersion() async throws {
        let flywheel = try await Flywheel.start(scorer: "inverted", learningRate: 0.003)
        defer { flywheel.stop() }
        try await flywheel.waitForServing("the base, v0") { $0 == "0" }
        try flywheel.sendTraffic(40)
        let refused = try await flywheel.waitForDecision { $0.decision == "refused" }
        print("flywheel: \(refused.reason)")
        let candidate = try #require(refused.figures["candidateDevPassAt1"])
        let incumbent = try #require(refused.figures["promotedDevPassAt1"])
        #expect(candidate < incumbent - 0.05, "refused for losing dev accuracy: \(refused.reason)")
        // Serve answers with the version promoted before the refusal — the base, or an early version the gate let
        // through while the damage was still within its tolerance — never the refused one.
        let promotedBefore = flywheel.decisions.prefix { $0.version != refused.version }
            .last { $0.decision == "promoted" }.map { String($0.version) }
        let answering = try await flywheel.waitForServing("the promoted version") { $0 == promotedBefore }
        #expect(answering != String(refused.version))
    }
}
