import Blobs
@testable import Fleet
import Foundation
import Messages
import Testing
import TestSupport

/// A long run's blob store holds the newest versions and every promoted one, not every version it ever committed.
struct BlobPruningTests {
    @Test func olderVersionsArePrunedButPromotedOnesAndSharedBlobsStay() async throws {
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try fixture.coordinator(
            directory: directory, maxLag: 8, retention: BlobRetention(keepVersions: 2), promotedVersions: { [1] })
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        let checkpoints = try CheckpointStore(directory: directory)
        var committed: [Int: CoordinatorCheckpoint] = [:]
        for version in 1...6 {
            try await fixture.publish(
                try await fixture.update(rolloutIDs: ["p\(version)@v\(version - 1)"], baseVersion: version - 1),
                to: fixture.topics.updates)
            try await eventually("v\(version) committed", within: .seconds(30)) { coordinator.statistics.versions == version }
            committed[version] = try #require(try checkpoints.load())
            if version == 1 { committed[0] = try #require(try checkpoints.load(version: 0)) }
        }
        try await eventually("the prune after v6 is done", within: .seconds(10)) {
            try checkpoints.versionFiles().keys.sorted() == [1, 5, 6]
        }
        // What a pruned version applied stays on record for audits.
        let pruned = directory.appendingPathComponent("checkpoint-v3.pruned.json")
        #expect(try JSONDecoder().decode(CoordinatorCheckpoint.self, from: Data(contentsOf: pruned)).version == 3)
        for (version, checkpoint) in committed {
            guard case .blob(let weights, _) = checkpoint.announcement.weights else { Issue.record("inline weights"); continue }
            let kept = [1, 5, 6].contains(version)
            #expect(try await fixture.store.contains(BlobID(sha256: weights)) == kept, "v\(version)'s weights")
        }
        // The tokenizer is one blob every version shares: it stays.
        if case .blob(let tokenizer, _) = committed[0]!.announcement.tokenizer {
            #expect(try await fixture.store.contains(BlobID(sha256: tokenizer)))
        }
    }

    @Test func withoutThePromotionRecordNothingIsPruned() async throws {
        struct Unreadable: Error {}
        let fixture = PoisonFixture()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try fixture.coordinator(
            directory: directory, maxLag: 8, retention: BlobRetention(keepVersions: 1),
            promotedVersions: { throw Unreadable() })
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        for version in 1...3 {
            try await fixture.publish(
                try await fixture.update(rolloutIDs: ["q\(version)@v\(version - 1)"], baseVersion: version - 1),
                to: fixture.topics.updates)
            try await eventually("v\(version) committed", within: .seconds(30)) { coordinator.statistics.versions == version }
        }
        #expect(try CheckpointStore(directory: directory).versionFiles().keys.sorted() == [0, 1, 2, 3])
    }

    @Test func retentionKeepsTheNewestAndEveryPromotedVersion() {
        #expect(BlobRetention(keepVersions: 3).prunable([0, 1, 2, 3, 4, 5, 6], promoted: [2]) == [0, 1, 3])
        #expect(BlobRetention.keepAll.prunable([0, 1, 2], promoted: []) == [])
    }
}
