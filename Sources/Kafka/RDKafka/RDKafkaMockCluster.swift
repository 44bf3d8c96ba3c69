import CRdKafka
import Logging

/// Owns one librdkafka mock cluster (`rd_kafka_mock_cluster_t`) and the `rd_kafka_t` it needs for its bookkeeping
/// (that handle never connects anywhere). The cluster is destroyed in `deinit`, before the handle.
///
/// librdkafka's mock API is thread-safe: each call posts to the mock thread and waits for the answer, so calls
/// block briefly; make them from a `RDKafkaBlockingQueue`.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let client: RDKafkaClient
    private let mock: OpaquePointer
    /// Comma-separated `127.0.0.1:port` addresses of every broker.
    let bootstrapServers: String
    let brokerCount: Int32

    /// Starts `brokers` brokers on loopback ports chosen by the OS.
    init(brokers: Int32, logger: Logger) throws {
        client = try RDKafkaClient(
            .producer, properties: ["client.id": "tao-embedded-broker", "log_level": "3"],
            context: RDKafkaClientContext(logger: logger, bootstrapServers: "(embedded)"))
        guard let mock = rd_kafka_mock_cluster_new(client.handle, brokers) else {
            throw KafkaError(.embeddedBroker, "cannot start an embedded Kafka cluster (no loopback listener?)")
        }
        self.mock = mock
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mock))
        brokerCount = brokers
    }

    deinit {
        rd_kafka_mock_cluster_destroy(mock)
    }

    /// Creates `name` (an existing topic succeeds) and pins partition p's leader to broker (p mod brokerCount) + 1.
    func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws {
        let created = rd_kafka_mock_topic_create(mock, name, partitions, replicationFactor)
        var error = created
        if created == RD_KAFKA_RESP_ERR_NO_ERROR {
            for partition in 0..<partitions where error == RD_KAFKA_RESP_ERR_NO_ERROR {
                error = rd_kafka_mock_partition_set_leader(mock, name, partition, partition % brokerCount + 1)
            }
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(.topicCreationFailed, "cannot create topic \(name): \(RDKafkaError.text(error))")
        }
    }

    /// Takes broker `id` down (connections close, new ones are refused, same port kept) or brings it back.
    func setBroker(_ id: Int32, up: Bool) throws {
        let error = up ? rd_kafka_mock_broker_set_up(mock, id) : rd_kafka_mock_broker_set_down(mock, id)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedBroker, "cannot set broker \(id) \(up ? "up" : "down"): \(RDKafkaError.text(error))")
        }
    }
}

