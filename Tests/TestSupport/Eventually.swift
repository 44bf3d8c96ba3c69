/// Waits until `condition` holds, checking it every `interval`, and throws ``EventuallyTimeout`` naming `what` after
/// `deadline`. The polling interval is not synchronisation: the condition is, and the deadline only bounds a broken
/// run. Poll briskly (the 5 ms default) for state in this process; more slowly for what costs a request, such as
/// another process's HTTP endpoint.
public func eventually(
    _ what: String, within deadline: Duration = .seconds(10), polling interval: Duration = .milliseconds(5),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    throw EventuallyTimeout(what: what, deadline: deadline)
}

/// What ``eventually(_:within:polling:_:)`` throws when its condition did not hold in time.
public struct EventuallyTimeout: Error, CustomStringConvertible {
    public let what: String
    public let deadline: Duration
    public var description: String { "timed out after \(deadline) waiting for: \(what)" }
}
