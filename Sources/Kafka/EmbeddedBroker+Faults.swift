extension EmbeddedBroker {
    /// Takes broker `id` (1…brokerCount) down: its connections close and new ones are refused, same port kept.
    public func setBrokerDown(_ id: Int32) async throws {
        try await setBroker(id, up: false)
    }

    /// Brings broker `id` back on the same port.
    public func setBrokerUp(_ id: Int32) async throws {
        try await setBroker(id, up: true)
    }

    private func setBroker(_ id: Int32, up: Bool) async throws {
        guard (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError(.embeddedBroker, "no broker \(id): the embedded cluster has brokers 1…\(brokerCount)")
        }
        try await withCluster { try $0.setBroker(id, up: up) }
    }
}
