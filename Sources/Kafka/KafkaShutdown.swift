/// The safe shutdown order for a process that consumes and produces.
public enum KafkaShutdown {
    /// Closes `consumers` first (each: stop intake → commit stored offsets → leave the group), then `producers`
    /// (each: flush within `timeout` → stop its poll thread). Handles are destroyed when the objects go.
    ///
    /// Consumers go first so nothing new is read while producers drain what processing already produced.
    /// Every client is closed even if an earlier one fails; the first error is rethrown at the end.
    public static func run(
        consumers: [KafkaConsumer], producers: [KafkaProducer], timeout: Duration = .seconds(30)
    ) async throws {
        var firstError: (any Error)?
        for consumer in consumers {
            do { try await consumer.close() } catch { firstError = firstError ?? error }
        }
        for producer in producers {
            do { try await producer.close(timeout: timeout) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
