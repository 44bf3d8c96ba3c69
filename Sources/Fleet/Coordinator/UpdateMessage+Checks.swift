import Messages

extension UpdateMessage {
    /// The versions this update's age is judged by: the version its gradient was taken at, and every version that
    /// sampled one of its rollouts. Nil when a rollout id has no version (`check` refuses such an update).
    var oldestVersion: Int? {
        var oldest = baseVersion
        for id in rolloutIDs {
            guard let sampled = RolloutID.policyVersion(of: id) else { return nil }
            oldest = min(oldest, sampled)
        }
        return oldest
    }

    /// Checks what the coordinator relies on before it looks at the payload: a kind this run trains, rollout ids
    /// that name their versions, a base version the coordinator committed, the deterministic id of exactly these
    /// (so a redelivery is recognisable), and a payload no larger than gradients of this run can be.
    /// Throws `UnusableRecord` saying which rule failed.
    public func check(kind expected: Kind, newestCommitted: Int, maxPayloadBytes: Int) throws {
        func fail(_ reason: String) -> UnusableRecord { UnusableRecord("update \(id.prefix(100))", reason) }
        guard kind == expected else {
            throw fail("it holds \(kind.rawValue) but this run trains \(expected.rawValue): are the trainer and the "
                + "coordinator configured alike?")
        }
        guard !rolloutIDs.isEmpty else { throw fail("it names no rollout, so a redelivery could not be recognised") }
        if let bad = rolloutIDs.first(where: { RolloutID.policyVersion(of: $0) == nil }) {
            throw fail("rollout id '\(bad.prefix(200))' is not <prompt>@v<version>")
        }
        guard Set(rolloutIDs).count == rolloutIDs.count else { throw fail("it names a rollout twice") }
        guard baseVersion >= 0, baseVersion <= newestCommitted else {
            throw fail("its base version \(baseVersion) is not a committed version (newest: v\(newestCommitted))")
        }
        guard id == DeterministicID.update(baseVersion: baseVersion, rolloutIDs: rolloutIDs) else {
            throw fail("its id is not the hash of its base version and rollout ids, so duplicates of it could not be "
                + "recognised: was it written by another program?")
        }
        let size: Int
        switch payload {
        case .inline(let bytes): size = bytes.count
        case .blob(_, let claimed): size = claimed
        }
        guard (1...maxPayloadBytes).contains(size) else {
            throw fail("its payload is \(size) bytes; this run's gradients take at most \(maxPayloadBytes)")
        }
    }
}
