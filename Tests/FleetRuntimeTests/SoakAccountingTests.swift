import Fleet
import FleetRuntime
import Testing

@Suite struct SoakAccountingTests {
    private func produced(_ id: String, poison: Bool = false) -> SoakAccounting.Produced {
        .init(id: id, sha256: "sha-\(id)", poison: poison)
    }

    @Test func everyPromptLandsInExactlyOneBucket() {
        let accounting = SoakAccounting(
            produced: [produced("a"), produced("b"), produced("c"), produced("p", poison: true), produced("lost")],
            applied: [1: ["a@v0"], 2: ["a@v0", "b@v1"]],
            deadLetteredSHA256: ["sha-p"], deadLetteredPromptIDs: [], staleRollouts: ["c@v0"])
        #expect((accounting.produced, accounting.trained, accounting.deadLettered, accounting.stale) == (5, 2, 1, 1))
        #expect(accounting.poison == 1 && accounting.poisonNotDeadLettered.isEmpty)
        #expect(accounting.missing == ["lost"])
        #expect(accounting.duplicates.isEmpty, "a checkpoint repeating what the previous one applied is no new application")
        #expect(!accounting.complete)
    }

    @Test func aRolloutAppliedAgainAfterThePruneForgotItIsADuplicate() {
        let accounting = SoakAccounting(
            produced: [produced("a")], applied: [1: ["a@v0"], 2: [], 3: ["a@v0"]],
            deadLetteredSHA256: [], deadLetteredPromptIDs: [], staleRollouts: [])
        #expect(accounting.duplicates == ["a"])
        #expect(!accounting.complete)
    }

    @Test func aPromptTrainedUnderTwoRolloutIDsIsADuplicate() {
        let accounting = SoakAccounting(
            produced: [produced("a")], applied: [1: ["a@v0"], 2: ["a@v0", "a@v1"]],
            deadLetteredSHA256: [], deadLetteredPromptIDs: [], staleRollouts: [])
        #expect(accounting.duplicates == ["a"])
    }

    @Test func poisonThatWasNotDeadLetteredFailsTheRunEvenIfTrained() {
        let accounting = SoakAccounting(
            produced: [produced("p", poison: true)], applied: [1: ["p@v0"]],
            deadLetteredSHA256: [], deadLetteredPromptIDs: [], staleRollouts: [])
        #expect(accounting.poisonNotDeadLettered == ["p"])
        #expect(!accounting.complete)
    }

    @Test func aPromptDeadLetteredByIDAfterSamplingCounts() {
        let accounting = SoakAccounting(
            produced: [produced("a")], applied: [:],
            deadLetteredSHA256: [], deadLetteredPromptIDs: ["a"], staleRollouts: [])
        #expect(accounting.deadLettered == 1 && accounting.complete)
    }

    @Test func staleDropLinesRoundTripThroughTheLog() {
        let line = "[trainer-0] " + StaleDrop.line(rolloutIDs: ["x@v3", "y@v4"], reason: "sampled 9 versions ago")
        let log = "[coordinator] resumed from checkpoint v3 (epoch 1)\n\(line)\n[generator-0] stale nothing here\n"
        #expect(SoakAccounting.staleRollouts(inLog: log) == ["x@v3", "y@v4"])
        #expect(StaleDrop.rolloutIDs(inLogLine: "stale drop without brackets").isEmpty)
    }
}

@Suite struct FailpointsTests {
    @Test func parsesNamesAndProbabilities() throws {
        let parsed = try Failpoints.parse("coordinator.mid-checkpoint@0.05, trainer.mid-update@1")
        #expect(parsed == ["coordinator.mid-checkpoint": 0.05, "trainer.mid-update": 1])
        #expect(try Failpoints.parse("").isEmpty)
    }

    @Test func refusesUnknownNamesAndBadProbabilitiesSayingWhy() {
        #expect { try Failpoints.parse("coordinator.nap@0.1") } throws: { "\($0)".contains("coordinator.mid-publish") }
        #expect { try Failpoints.parse("trainer.mid-update@1.5") } throws: { "\($0)".contains("name@probability") }
        #expect { try Failpoints.parse("trainer.mid-update") } throws: { "\($0)".contains("name@probability") }
    }
}

@Suite struct SoakOptionsTests {
    @Test func faultListsParseAndUnknownFaultsAreNamed() throws {
        #expect(try SoakOptions.parseFaults("all") == Set(SoakFault.allCases))
        #expect(try SoakOptions.parseFaults("none").isEmpty)
        #expect(try SoakOptions.parseFaults("poison,latency") == [.poison, .latency])
        #expect { try SoakOptions.parseFaults("meteor") } throws: { "\($0)".contains("leader-move") }
    }
}
