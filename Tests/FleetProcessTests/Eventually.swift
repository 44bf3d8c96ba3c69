import Foundation

/// Waits until `condition` holds, checking every 100 ms, and fails with `what` after `deadline`.
/// The polling interval is not synchronisation: the condition is, and the deadline only bounds a broken run.
func eventually(
    _ what: String, within deadline: Duration = .seconds(30), _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw EventuallyTimeout(what: what, deadline: deadline)
}

struct EventuallyTimeout: Error, CustomStringConvertible {
    let what: String
    let deadline: Duration
    var description: String { "timed out after \(deadline) waiting for: \(what)" }
}
