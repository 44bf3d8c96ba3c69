import Fleet
import FleetRuntime
import Foundation
import TestSupport
import Testing

/// The four stage executables as real processes on the embedded broker, started by `FleetSupervisor` as `tao up`
/// does: the loop commits policy versions, every worker answers its health and metrics endpoints, and SIGTERM
/// stops each one cleanly.
@Suite(.serialized) struct FleetSmokeTests {
    @Test func fourProcessesCommitVersionsAndServeHealthAndMetrics() async throws {
        let configuration = try FleetFixture.configuration(runId: "smoke")
        defer { FleetFixture.remove(configuration) }
        let fleet = FleetSupervisor(configuration)
        do {
            try await fleet.start()
            let bootstrap = try #require(fleet.bootstrapServers)
            #expect(fleet.children.allSatisfy { $0.arguments == configuration.childArguments(bootstrap: bootstrap) })
            #expect(try String(contentsOf: configuration.configFile, encoding: .utf8) == configuration.childConfigurationFile())
            try await fleet.feed(FleetFixture.prompts("p", count: 12))
            try await eventually("policy version 2 committed", within: .seconds(90), polling: ProcessWait.polling) {
                await fleet.snapshot().policyVersion ?? 0 >= 2
            }
            for child in fleet.children {
                let metrics = try #require(child.metricsURL, "\(child.name) printed its metrics address")
                let health = try await FleetFixture.get(metrics.deletingLastPathComponent().appendingPathComponent("healthz"))
                #expect(health.status == 200 && health.body.hasPrefix("ok"), "\(child.name) /healthz: \(health)")
            }
            let generator = try #require(fleet.child(named: "generator-1")?.metricsURL)
            try await eventually(
                "the generator is ready and counts prompts", within: ProcessWait.deadline, polling: ProcessWait.polling
            ) {
                let ready = try await FleetFixture.get(generator.deletingLastPathComponent().appendingPathComponent("readyz"))
                let scrape = try await MetricsScrape.fetch(generator)
                return ready.status == 200 && scrape.sum("tao_prompts_consumed_total") > 0
                    && scrape.sum("tao_candidates_produced_total") > 0 && scrape.sum("tao_policy_version") >= 1
                    && scrape.sum("tao_process_resident_bytes") > 10_000_000
            }
            let coordinator = try #require(fleet.child(named: "coordinator")?.metricsURL)
            try await eventually(
                "the coordinator reports applied updates and its version",
                within: ProcessWait.deadline, polling: ProcessWait.polling
            ) {
                let scrape = try await MetricsScrape.fetch(coordinator)
                return scrape.sum("tao_updates_applied_total") >= 4 && scrape.sum("tao_policy_version") >= 2
            }
            let progress = await fleet.snapshot()
            #expect(progress.prompts == 12)
            #expect(progress.rollouts > 0 && progress.rewardMean != nil)
        } catch {
            await fleet.stop()
            throw error
        }
        let children = fleet.children
        await fleet.stop()
        for child in children {
            #expect(child.exitStatus == 0, "\(child.name) exited \(child.exitStatus.map(String.init) ?? "?") on SIGTERM")
        }
    }
}
