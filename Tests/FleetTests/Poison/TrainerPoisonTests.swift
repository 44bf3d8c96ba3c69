import Blobs
@testable import Fleet
import Foundation
import Messages
import Synchronization
import TestSupport
import Testing

/// Rollouts any producer could send, which used to trap the trainer (an empty group, a version of Int.min) or
/// put huge or non-finite numbers into its gradients: each is dead-lettered with its reason, and the trainer goes
/// on to train the good rollout behind them.
@Suite struct TrainerPoisonTests {
    @Test func badRolloutsAreDeadLetteredAndTheTrainerKeepsTraining() async throws {
        let fixture = PoisonFixture()
        try await fixture.announce(try TinyPolicy.base(), version: 0)
        var emptyGroup = PoisonFixture.rollout("empty")
        emptyGroup.candidates.samples = []
        emptyGroup.scores = []
        var minVersion = PoisonFixture.rollout("minversion")
        minVersion.candidates.policyVersion = Int.min
        var badID = PoisonFixture.rollout("badid")
        badID.id = "somebody-else@v0"
        let bad: [(RolloutMessage, String)] = [
            (emptyGroup, "no samples"),
            (minVersion, "policyVersion -9223372036854775808 is negative"),
            (PoisonFixture.rollout("tiny-logprob", logProb: -80), "log-prob -80.0"),
            (PoisonFixture.rollout("big-reward", rewards: [1.5, 0]), "rewards must be finite and in [0, 1]"),
            (badID, "differs from its candidates' id"),
        ]
        for (rollout, _) in bad { try await fixture.publish(rollout, to: fixture.topics.rollouts) }
        // JSON has no NaN, and Foundation refuses a number too large for a Float or Double (it would be an
        // infinity) as malformed: those are dead letters too.
        let infinite: [(String, String)] = [
            (try Self.json(PoisonFixture.rollout("inf-logprob", logProb: -12.25), replacing: "-12.25", with: "-1e999"), "malformed tao.rollout/1"),
            (try Self.json(PoisonFixture.rollout("inf-reward", rewards: [0.125, 1]), replacing: "0.125", with: "1e999"), "malformed tao.rollout/1"),
        ]
        for (json, _) in infinite { try await fixture.publish(raw: Array(json.utf8), to: fixture.topics.rollouts) }
        try await fixture.publish(raw: Array("{\"schema\":\"tao.rollout/1\"".utf8), to: fixture.topics.rollouts)
        try await fixture.publish(PoisonFixture.rollout("good"), to: fixture.topics.rollouts)

        let trainer = TrainerService(
            topics: fixture.topics, settings: TrainerSettings(maxLag: 4), store: fixture.store,
            retry: PoisonFixture.quickRetry)
        let running = Task { try await trainer.run(bus: fixture.bus) }
        defer { running.cancel() }
        try await eventually("the good rollout trained on", within: .seconds(30)) {
            !fixture.test.values(fixture.topics.updates).isEmpty
        }
        try await eventually("every bad rollout dead-lettered") { try fixture.deadLetters.count == bad.count + 3 }
        let letters = try fixture.deadLetters
        for reason in bad.map(\.1) + infinite.map(\.1) {
            #expect(letters.contains { $0.stage == "trainer" && $0.reason.contains(reason) }, "\(reason): \(letters.map(\.reason))")
        }
        #expect(letters.contains { $0.reason.contains("malformed tao.rollout/1") })
        let updates = try fixture.test.values(fixture.topics.updates).map { try WireCodec.decode(UpdateMessage.self, from: $0) }
        #expect(updates.map(\.rolloutIDs) == [["good@v0"]])
        #expect(!running.isCancelled)
    }

    static func json(_ rollout: RolloutMessage, replacing marker: String, with text: String) throws -> String {
        let json = String(decoding: try WireCodec.encode(rollout), as: UTF8.self)
        precondition(json.contains(marker), "\(marker) is in the JSON")
        return json.replacingOccurrences(of: marker, with: text)
    }

    /// A trainer whose blob store fails is not a bad rollout: the record is retried, then the stage stops with the
    /// error (to be restarted), and nothing is dead-lettered or acknowledged.
    @Test func aFailingBlobStoreStopsTheStageInsteadOfDeadLetteringTheRecord() async throws {
        let fixture = PoisonFixture()
        try await fixture.announce(try TinyPolicy.base(), version: 0)
        try await fixture.publish(PoisonFixture.rollout("good"), to: fixture.topics.rollouts)
        let failing = FailingPutStore(base: fixture.store)
        let trainer = TrainerService(
            topics: fixture.topics, settings: TrainerSettings(maxLag: 4), store: failing,
            retry: PoisonFixture.quickRetry)
        let error = await #expect(throws: StageFailure.self) { try await trainer.run(bus: fixture.bus) }
        #expect(error?.description.contains("storing update") == true)
        #expect(failing.puts.load(ordering: .relaxed) == 2, "tried twice (the retry policy's attempts)")
        #expect(try fixture.deadLetters.isEmpty)
        #expect(fixture.test.cluster.committedOffsets(group: "t.trainers").values.allSatisfy { $0 == 0 })
    }
}

/// A blob store whose writes fail (a full disk), reads going to `base`.
final class FailingPutStore: BlobStore {
    let base: any BlobStore
    let puts = Atomic<Int>(0)
    init(base: any BlobStore) { self.base = base }
    func put(_ bytes: [UInt8]) async throws -> BlobID {
        puts.add(1, ordering: .relaxed)
        throw DiskFull()
    }
    func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] { try await base.get(id, expectedSize: expectedSize) }
    func contains(_ id: BlobID) async throws -> Bool { try await base.contains(id) }
    func remove(_ id: BlobID) async throws { try await base.remove(id) }
}

struct DiskFull: Error, CustomStringConvertible {
    var description: String { "cannot write: No space left on device" }
}
