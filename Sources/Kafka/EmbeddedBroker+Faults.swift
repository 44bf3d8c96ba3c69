extension EmbeddedBroker {
    /// Errors the brokers can be told to answer requests with, as a real cluster would.
    public enum InjectedError: Sendable, Hashable {
        /// `MSG_SIZE_TOO_LARGE`: the broker refuses the records as larger than its `message.max.bytes`.
        case messageTooLarge
    }

    /// Takes broker `id` (1…brokerCount) down: its connections close and new ones are refused, same port kept.
    public func setBrokerDown(_ id: Int32) async throws {
        try await setBroker(id, up: false)
    }

    /// Brings broker `id` back on the same port.
    public func setBrokerUp(_ id: Int32) async throws {
        try await setBroker(id, up: true)
    }

    /// Makes the next `count` Produce requests (whichever broker gets them) fail with `error`. A request carries
    /// a batch, so every message in it fails: send one message at a time for an exact count.
    public func failNextProduceRequests(_ count: Int = 1, with error: InjectedError) async throws {
        precondition(count >= 1, "inject at least one error")
        try await withCluster { cluster in
            switch error {
            case .messageTooLarge: cluster.failNextProduceRequestsAsTooLarge(count)
            }
        }
    }

    /// Delays every response of broker `id` by `latency` (`.zero` ends it), as a slow or distant broker would.
    public func setLatency(_ latency: Duration, broker id: Int32) async throws {
        try checkBroker(id)
        let milliseconds = Int32(clamping: latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000)
        try await withCluster { try $0.setRoundTripTime(id, milliseconds: milliseconds) }
    }

    /// Moves the leadership of `topic`'s `partition` to broker `id`, as a real cluster does when a broker fails or
    /// a reassignment runs; clients learn of it from NOT_LEADER_OR_FOLLOWER answers and follow.
    public func moveLeader(topic: String, partition: Int, to id: Int32) async throws {
        try checkBroker(id)
        try await withCluster { try $0.setLeader(topic: topic, partition: Int32(partition), leader: id) }
    }

    private func checkBroker(_ id: Int32) throws {
        guard (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError(.embeddedBroker, "no broker \(id): the embedded cluster has brokers 1…\(brokerCount)")
        }
    }

    private func setBroker(_ id: Int32, up: Bool) async throws {
        try checkBroker(id)
        try await withCluster { try $0.setBroker(id, up: up) }
    }
}
