extension KafkaProducer {
    /// Sends one record with a producer of its own and returns once the broker has it: for a command that writes a
    /// single decision (a promotion, a night's record) and exits.
    public static func sendOnce(_ message: KafkaProducerMessage, configuration: KafkaConfiguration) async throws {
        let producer = try KafkaProducer(configuration: configuration)
        do {
            _ = try await producer.send(message)
            try await producer.close(timeout: .seconds(10))
        } catch {
            try? await producer.close(timeout: .seconds(1))
            throw error
        }
    }
}
