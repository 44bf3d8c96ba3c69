import Blobs
@testable import Fleet
import Foundation
import Llama
import Messages
import TestSupport
import Testing

/// Writing to the policy topic must not be enough to choose the weights every stage loads.
@Suite struct PolicySigningTests {
    func announcement(_ version: Int = 3, epoch: Int? = 1) -> PolicyAnnouncement {
        let hash = String(repeating: "c", count: 64)
        return PolicyAnnouncement(
            version: version, checksum: hash, size: 10, weights: .blob(sha256: hash, size: 10), format: "safetensors",
            appliedUpdates: 1, config: "{}", tokenizer: .inline([1]), epoch: epoch)
    }

    func keyPair() throws -> (PolicySigner, String) {
        let (privateKey, publicKey) = PolicySigner.generate()
        return (try PolicySigner.load("base64:" + privateKey), "base64:" + publicKey)
    }

    @Test func aSignatureVerifiesAndAnyChangeToWhatIsLoadedBreaksIt() throws {
        let (signer, publicKey) = try keyPair()
        let trusted = try TrustedKeys.load([publicKey])
        let signed = try signer.sign(announcement())
        try trusted.verify(signed)
        #expect(signed.signature?.hasPrefix("ed25519:\(signer.keyID):") == true)
        var changed = signed
        changed.checksum = String(repeating: "d", count: 64)
        #expect(throws: SignatureError.mismatch(version: 3, keyID: signer.keyID)) { try trusted.verify(changed) }
        changed = signed
        changed.epoch = 9  // an old epoch's signature cannot be reused to outrank the fence
        #expect(throws: SignatureError.mismatch(version: 3, keyID: signer.keyID)) { try trusted.verify(changed) }
        changed = signed
        changed.adapter = AdapterReference(config: "{}", weights: .inline([1]), base: signed.weights)
        #expect(throws: SignatureError.mismatch(version: 3, keyID: signer.keyID)) { try trusted.verify(changed) }
        #expect(throws: SignatureError.unsigned(version: 3)) { try trusted.verify(announcement()) }
        changed.signature = "ed25519:nonsense"
        #expect(throws: SignatureError.malformed(version: 3)) { try trusted.verify(changed) }
        try TrustedKeys.none.verify(announcement())  // a run that does not sign checks nothing
    }

    /// A rotation: the stages trust the old and the new key while the coordinator switches, then only the new one.
    @Test func duringARotationBothKeysAreAcceptedAndAfterItOnlyTheNewOne() throws {
        let (old, oldPublic) = try keyPair()
        let (new, newPublic) = try keyPair()
        let during = try TrustedKeys.load([oldPublic, newPublic])
        try during.verify(try old.sign(announcement()))
        try during.verify(try new.sign(announcement(4)))
        let after = try TrustedKeys.load([newPublic])
        let error = #expect(throws: SignatureError.self) { try after.verify(try old.sign(announcement(5))) }
        #expect(error == .unknownKey(version: 5, keyID: old.keyID, trusted: [new.keyID]))
        #expect(error?.description.contains("add the new public key to security.trusted-keys") == true)
    }

    @Test func keysComeFromFilesOrInlineAndABadOneSaysWhich() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (privateKey, publicKey) = PolicySigner.generate()
        let keyFile = directory.appendingPathComponent("signing.key"), publicFile = directory.appendingPathComponent("signing.pub")
        try (privateKey + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        try publicKey.write(to: publicFile, atomically: true, encoding: .utf8)
        let signed = try PolicySigner.load(keyFile.path).sign(announcement())
        try TrustedKeys.load([publicFile.path]).verify(signed)
        #expect { try PolicySigner.load(directory.appendingPathComponent("missing").path) } throws: {
            "\($0)".contains("missing") && "\($0)".contains("cannot be read")
        }
        #expect { try TrustedKeys.load(["base64:not-a-key!"]) } throws: { "\($0)".contains("not base64") }
        #expect { try TrustedKeys.load(["base64:" + Data(count: 5).base64EncodedString()]) } throws: {
            "\($0)".contains("not a 32-byte Ed25519 public key")
        }
    }

    /// The coordinator signs what it announces; a watcher that trusts its key loads it, and dead-letters an
    /// announcement someone else wrote to the topic.
    @Test func stagesLoadTheCoordinatorsSignedVersionsAndRefuseOthers() async throws {
        let fixture = PoisonFixture()
        let (signer, publicKey) = try keyPair()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = CoordinatorSettings(updatesPerVersion: 1, schedule: LearningRateSchedule(peak: 1e-2), maxGradNorm: 1, maxLag: 4)
        settings.signer = signer
        let coordinator = CoordinatorService(
            topics: fixture.topics, settings: settings, store: fixture.store,
            checkpoints: try CheckpointStore(directory: directory), retry: PoisonFixture.quickRetry)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        let holder = PolicyHolder<Int>()
        let watcher = PolicyWatcher(
            topics: fixture.topics, store: fixture.store, worker: fixture.worker, retry: PoisonFixture.quickRetry,
            trusted: try TrustedKeys.load([publicKey]))
        let watching = Task { try await watcher.run(bus: fixture.bus, stage: "generator", into: holder) { _ in 0 } }
        defer { watching.cancel() }
        try await eventually("the signed v0 loaded") { holder.currentVersion == 0 }

        // Someone with write access to the topic announces their own weights as v7.
        _ = try await fixture.announce(try TinyPolicy.base(seed: 5), version: 7)
        try await eventually("the unsigned v7 dead-lettered") { try !fixture.deadLetters.isEmpty }
        let reason = try fixture.deadLetters[0].reason
        #expect(reason.contains("policy v7 is unsigned"), "\(reason)")
        try await fixture.publish(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("the coordinator's signed v1 loaded") { holder.currentVersion == 1 }
        #expect(holder.newestAnnounced == 1, "v7 never counted as announced")
    }

    func update() -> UpdateMessage {
        UpdateMessage(
            id: "u-1", baseVersion: 2, kind: .loraGradients, payload: .inline([1, 2, 3]), rolloutIDs: ["p@v2"],
            stats: ["loss": 0.5], baseEpoch: 1)
    }

    /// Trainers sign their updates: a change to anything that decides what is applied breaks the signature, and the
    /// progress numbers (`stats`) are not signed.
    @Test func anUpdatesSignatureCoversWhatIsApplied() throws {
        let (signer, publicKey) = try keyPair()
        let trusted = try TrustedKeys.load([publicKey])
        let signed = try signer.sign(update())
        try trusted.verify(signed)
        var changed = signed
        changed.stats["loss"] = 9
        try trusted.verify(changed)
        let changes: [(inout UpdateMessage) -> Void] = [
            { $0.payload = .inline([1, 2, 4]) }, { $0.rolloutIDs = ["q@v2"] }, { $0.baseVersion = 3 },
            { $0.baseEpoch = 2 }, { $0.id = "u-2" }, { $0.kind = .fullGradients },
        ]
        for change in changes {
            var changed = signed
            change(&changed)
            #expect(throws: SignatureError.updateMismatch(id: changed.id, keyID: signer.keyID)) { try trusted.verify(changed) }
        }
        #expect(throws: SignatureError.updateUnsigned(id: "u-1")) { try trusted.verify(update()) }
        let (other, _) = try keyPair()
        #expect(throws: SignatureError.updateUnknownKey(id: "u-1", keyID: other.keyID, trusted: [signer.keyID])) {
            try trusted.verify(try other.sign(update()))
        }
        try TrustedKeys.none.verify(update())
    }

    /// A coordinator that trusts the trainers' key applies their signed update and dead-letters one that someone
    /// else wrote to the updates topic, saying why.
    @Test func theCoordinatorAppliesOnlySignedUpdates() async throws {
        let fixture = PoisonFixture()
        let (signer, publicKey) = try keyPair()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = CoordinatorSettings(updatesPerVersion: 1, schedule: LearningRateSchedule(peak: 1e-2), maxGradNorm: 1, maxLag: 4)
        settings.trustedKeys = try TrustedKeys.load([publicKey])
        let checkpoints = try CheckpointStore(directory: directory)
        let coordinator = CoordinatorService(
            topics: fixture.topics, settings: settings, store: fixture.store, checkpoints: checkpoints,
            retry: PoisonFixture.quickRetry)
        let running = Task { try await coordinator.run(bus: fixture.bus, base: { try TinyPolicy.base() }) }
        defer { running.cancel() }
        try await eventually("v0 committed") { try checkpoints.load()?.version == 0 }
        try await fixture.publish(try await fixture.update(rolloutIDs: ["forged@v0"], baseVersion: 0), to: fixture.topics.updates)
        try await eventually("the unsigned update dead-lettered") { try !fixture.deadLetters.isEmpty }
        let reason = try fixture.deadLetters[0].reason
        #expect(reason.contains("is unsigned, and the coordinator trusts only signed updates"), "\(reason)")
        try await fixture.publish(
            try signer.sign(try await fixture.update(rolloutIDs: ["a@v0"], baseVersion: 0)), to: fixture.topics.updates)
        try await eventually("the signed update committed as v1") { try checkpoints.load()?.version == 1 }
        #expect(try checkpoints.load()?.appliedRolloutIDs == ["a@v0"], "the forged update was never applied")
    }
}
