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

    private func setBroker(_ id: Int32, up: Bool) async throws {
        guard (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError(.embeddedBroker, "no broker \(id): the embedded cluster has brokers 1…\(brokerCount)")
        }
        try await withCluster { try $0.setBroker(id, up: up) }
    }
}
