import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Foundation
import Kafka
import Llama
import Messages
import TestSupport
import Testing

/// A standby that takes over continues from the active coordinator's checkpoint and re-announces it, as a
/// restarted coordinator does: the active one may have died between writing its checkpoint and announcing it.
@Suite struct CoordinatorTakeoverTests {
    @Test func aStandbyThatTakesOverReannouncesTheCommittedVersionAndContinuesFromIt() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let activeBus = WorkerBus(KafkaBus.inMemory(fixture.test.cluster))
        let active = try fixture.coordinator(directory: directory)
        let activeRun = Task { try await active.run(bus: activeBus, base: { try TinyPolicy.base() }) }
        try await eventually("the active coordinator committed v0") { active.currentVersion == 0 }
        let standby = try fixture.coordinator(directory: directory)
        let standbyRun = Task { try await standby.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { standbyRun.cancel() }
        try await eventually("the standby restored v0") { standby.currentVersion == 0 }

        try await fixture.publish(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("the active coordinator committed v1") { active.statistics.versions == 1 }
        #expect(standby.statistics.applied == 0, "the standby holds no partition")
        activeRun.cancel()
        _ = await activeRun.result
        await activeBus.shutdown()

        try await fixture.publish(try await fixture.update(rolloutIDs: ["b@v1"], baseVersion: 1), to: fixture.topics.updates)
        try await eventually("the standby committed v2", within: .seconds(30)) { standby.statistics.versions == 1 }
        let announcements = try fixture.test.values(fixture.topics.policy)
            .map { try WireCodec.decode(PolicyAnnouncement.self, from: $0).version }
        #expect(announcements.filter { $0 == 1 }.count == 2, "v1 by the active one, and again by the standby: \(announcements)")
        let checkpoint = try #require(try CheckpointStore(directory: directory).load())
        #expect(checkpoint.version == 2)
        #expect(checkpoint.appliedRolloutIDs == ["a@v0", "b@v1"])
        #expect(try fixture.deadLetters.isEmpty)
    }
}
