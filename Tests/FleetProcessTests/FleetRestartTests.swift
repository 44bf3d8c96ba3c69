import Fleet
import FleetRuntime
import Foundation
import TestSupport
import Testing

/// With a restart policy (as `tao up` runs), the supervisor restarts what dies, as an orchestrator would, and the
/// loop goes on without anyone restarting anything by hand.
@Suite(.serialized) struct FleetRestartTests {
    @Test func killedChildrenAreRestartedWithBackoffAndTheLoopGoesOn() async throws {
        var configuration = try FleetFixture.configuration(runId: "restart")
        configuration.restart = RestartPolicy(initial: .milliseconds(200), maximum: .seconds(2))
        defer { FleetFixture.remove(configuration) }
        let checkpoints = try CheckpointStore(directory: configuration.checkpointDirectory)
        try await FleetFixture.withFleet(configuration) { fleet in
            try await fleet.feed(FleetFixture.prompts("a", count: 16))
            try await eventually("version 1 committed", within: .seconds(90), polling: ProcessWait.polling) {
                try checkpoints.load()?.version ?? 0 >= 1
            }
            let victims = try ["trainer-1", "coordinator", "generator-1"].map { try #require(fleet.child(named: $0)) }
            let pids = victims.map(\.pid)
            for victim in victims { victim.send(SIGKILL) }
            try await eventually("every killed child runs again, as a new process", within: ProcessWait.deadline, polling: ProcessWait.polling) {
                zip(victims, pids).allSatisfy { victim, pid in victim.isRunning && victim.pid != pid }
            }
            let atRestart = try #require(try checkpoints.load()).version
            try await fleet.feed(FleetFixture.prompts("b", count: 16))
            try await eventually("two more versions after the restarts", within: .seconds(90), polling: ProcessWait.polling) {
                try checkpoints.load()?.version ?? 0 >= atRestart + 2
            }
            let log = try String(contentsOf: configuration.logFile, encoding: .utf8)
            for victim in victims {
                #expect(log.contains("[\(victim.name)] exited with status 9; restarting in"), "\(victim.name)'s restart is logged")
            }
        }
    }
}
