import Foundation
import FleetRuntime
import Testing

@Suite struct ChildProcessTests {
    /// A child gets the supervisor's extra variables, but a variable this process sets wins: an operator who
    /// exported MALLOC_ARENA_MAX keeps their value. Before it is launched a child has no pid (never pid 0, which
    /// `kill` would take as the whole process group).
    @Test func aChildGetsTheExtraEnvironmentUnlessThisProcessSetsIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-child-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try FleetLog(url: directory.appendingPathComponent("fleet.log"))
        #expect(ProcessInfo.processInfo.environment["PATH"] != nil)
        let child = ChildProcess(
            name: "env", executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", "echo \"extra=$TAO_CHILD_TEST_EXTRA path-is-own=$([ \"$PATH\" = overridden ] && echo no || echo yes)\""],
            log: log, environment: ["TAO_CHILD_TEST_EXTRA": "two", "PATH": "overridden"])
        #expect(child.pid == nil && !child.isRunning)
        try child.start()
        #expect(await child.waitForExit() == 0)
        defer { log.close() }
        let deadline = ContinuousClock.now + .seconds(10)
        var text = ""
        while ContinuousClock.now < deadline {
            text = (try? String(contentsOf: log.url, encoding: .utf8)) ?? ""
            // The log's "started" line spells the command (with "extra=$…" in it); wait for the child's own line.
            if text.contains("path-is-own=yes") || text.contains("path-is-own=no") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(text.contains("extra=two path-is-own=yes"), "\(text)")
    }
}
