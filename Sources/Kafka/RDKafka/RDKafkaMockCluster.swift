import CRdKafka
import Logging
import Synchronization

/// Owns one librdkafka mock cluster (`rd_kafka_mock_cluster_t`) and the `rd_kafka_t` it needs for its bookkeeping
/// (that handle never connects anywhere). The cluster is destroyed in `deinit`, before the handle.
///
/// librdkafka's mock API is thread-safe: each call posts to the mock thread and waits for the answer, so calls
/// block briefly; make them from a `BlockingWorker`.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let client: RDKafkaClient
    private let mock: OpaquePointer
    /// Requests received, by API name; nil unless recording.
    private let requests: RDKafkaMockRequestLog?
    /// Comma-separated `127.0.0.1:port` addresses of every broker.
    let bootstrapServers: String
    let brokerCount: Int32

    /// Starts `brokers` brokers on loopback ports chosen by the OS. With `recordingRequests`, every request the
    /// brokers receive is counted (see `RDKafkaMockRequestLog`).
    init(brokers: Int32, logger: Logger, recordingRequests: Bool = false) throws {
        var properties = ["client.id": "tao-embedded-broker", "log_level": "3"]
        var observer: (@Sendable (String, String) -> Void)?
        if recordingRequests {
            let requests = RDKafkaMockRequestLog()
            observer = { facility, text in requests.record(facility: facility, text: text) }
            self.requests = requests
            properties["debug"] = "mock"
            properties["log_level"] = "7"
        } else {
            requests = nil
        }
        client = try RDKafkaClient(
            .producer, properties: properties,
            context: RDKafkaClientContext(logger: logger, bootstrapServers: "(embedded)", logObserver: observer))
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

    /// How many requests of each API the brokers received so far; empty unless recording.
    var receivedRequests: [String: Int] { requests?.counts ?? [:] }

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

    /// Delays every response of broker `id` by `milliseconds` (0: none again).
    func setRoundTripTime(_ id: Int32, milliseconds: Int32) throws {
        let error = rd_kafka_mock_broker_set_rtt(mock, id, milliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedBroker, "cannot delay broker \(id): \(RDKafkaError.text(error))")
        }
    }

    /// Makes broker `leader` the leader of `topic`'s `partition`: clients get NOT_LEADER_OR_FOLLOWER and move.
    func setLeader(topic: String, partition: Int32, leader: Int32) throws {
        let error = rd_kafka_mock_partition_set_leader(mock, topic, partition, leader)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedBroker, "cannot move \(topic)/\(partition) to broker \(leader): \(RDKafkaError.text(error))")
        }
    }

    /// The Kafka protocol's API key of Produce requests (librdkafka's `RD_KAFKAP_Produce` is not in its public headers).
    private static let produceApiKey: Int16 = 0

    /// Makes the next `count` Produce requests, on any broker, answer with MSG_SIZE_TOO_LARGE
    /// (`rd_kafka_mock_push_request_errors_array`).
    func failNextProduceRequestsAsTooLarge(_ count: Int) {
        let errors = [rd_kafka_resp_err_t](repeating: RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, count: count)
        errors.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(mock, Self.produceApiKey, buffer.count, buffer.baseAddress)
        }
    }
}

/// Counts the requests a mock cluster receives, by Kafka API name ("Fetch", "JoinGroup", "OffsetCommit", …), read
/// from its debug log: with `debug=mock`, librdkafka 2.0.2's mock logs `Broker 1: Received FetchRequestV11 from
/// 127.0.0.1:52345` (facility `MOCK`, `rdkafka_mock.c`) for every request it serves.
final class RDKafkaMockRequestLog: Sendable {
    private let state = Mutex<[String: Int]>([:])

    var counts: [String: Int] { state.withLock { $0 } }

    func record(facility: String, text: String) {
        guard facility == "MOCK", let api = Self.api(in: text) else { return }
        state.withLock { $0[api, default: 0] += 1 }
    }

    /// "Broker 1: Received FetchRequestV11 from …" → "Fetch".
    static func api(in text: String) -> String? {
        guard let received = text.firstRange(of: ": Received "),
            let request = text[received.upperBound...].firstRange(of: "RequestV")
        else { return nil }
        return String(text[received.upperBound..<request.lowerBound])
    }
}
