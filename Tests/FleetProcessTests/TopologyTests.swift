import Fleet
import Foundation
import Kafka
import Messages
import Testing
import TestSupport

/// The cluster's topology on one machine: the stages as separate processes, two replicas of each scaled stage and
/// one coordinator, every one reading the run configuration the compose file and the Kubernetes ConfigMap mount
/// (`compose/run.yaml`, `k8s/base/run.yaml`), with only what differs per machine — broker address, model, blob store, checkpoint, ports —
/// from TAO_* environment variables, as the manifests set them. Blobs go to an S3-compatible object store (moto's
/// server, from the package registry) as they would on a cluster, so no two stages share a directory.
@Suite(.serialized) struct TopologyTests {
    @Test(.timeLimit(.minutes(6)), arguments: ["compose/run.yaml", "k8s/base/run.yaml"])
    func theManifestsConfigurationRunsTwoReplicasOfEachStageAndTheLoopAdvances(file: String) async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = repository.appendingPathComponent(file)
        let runId = try Topology.runId(of: config)
        let topology = try await Topology.start(config: config, runId: runId)
        defer { topology.stop() }
        let prompts = FleetFixture.prompts("topology", count: 24)
        let producer = try KafkaProducer(configuration: topology.kafka)
        for prompt in prompts {
            _ = try await producer.send(KafkaProducerMessage(
                topic: topology.topics.prompts.name, key: Array(prompt.id.utf8), value: try WireCodec.encode(prompt)))
        }
        try await producer.close()
        do {
            try await eventually("policy version 3 committed", within: .seconds(240), polling: .milliseconds(500)) {
                try topology.checkAlive()
                return try await topology.newestVersion() >= 3
            }
            // Both replicas of each scaled stage took part: each holds partitions and handled records.
            for stage in ["generator", "scorer", "trainer"] {
                try await eventually("both \(stage)s handled records", within: .seconds(60), polling: .milliseconds(500)) {
                    try await topology.replicas(of: stage).asyncAllSatisfy { try await $0.handledRecords() > 0 }
                }
            }
        } catch {
            Issue.record("\(error)\n\(topology.logs)")
            throw error
        }
    }
}

extension Array where Element: Sendable {
    func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where !(try await predicate(element)) { return false }
        return true
    }
}
