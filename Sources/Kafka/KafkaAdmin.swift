import CRdKafka
import Logging

/// Cluster administration through librdkafka's admin API. Today: creating topics.
///
/// librdkafka's mock cluster (`EmbeddedBroker`, `tao broker`) does not implement CreateTopics and reports
/// no controller, so admin requests to it time out; use `EmbeddedBroker.createTopics` there (both conform
/// to `KafkaTopicCreating`).
public final class KafkaAdmin: KafkaTopicCreating {
    private let client: RDKafkaClient
    private let blocking = RDKafkaBlockingQueue(label: "tao.kafka.admin")
    private let bootstrapServers: String
    /// How long to wait for the controller's answer.
    public let timeout: Duration

    public init(
        configuration: KafkaConfiguration, timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "tao.kafka.admin")
    ) throws {
        bootstrapServers = configuration.bootstrapServers
        self.timeout = timeout
        client = try RDKafkaClient(
            .producer, properties: configuration.commonProperties(),
            context: RDKafkaClientContext(logger: logger, bootstrapServers: configuration.bootstrapServers))
    }

    /// The `host:port` of every broker in the cluster (a metadata request): a cheap reachability probe.
    /// Throws `.brokerUnreachable` when no broker answers within `timeout`.
    public func brokerAddresses(timeout: Duration = .seconds(10)) async throws -> [String] {
        let client = client
        let bootstrapServers = bootstrapServers
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(client.handle, 0, nil, &metadata, milliseconds)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw RDKafkaError.make(
                    .brokerUnreachable, error, while: "asking for cluster metadata", bootstrapServers: bootstrapServers)
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            let brokers = UnsafeBufferPointer(start: metadata.pointee.brokers, count: Int(metadata.pointee.broker_cnt))
            return brokers.map { "\(String(cString: $0.host)):\($0.port)" }
        }
    }

    /// Creates `topics` (`rd_kafka_CreateTopics`); topics that already exist count as created.
    /// Throws `.topicCreationFailed` naming every topic that failed, or `.brokerUnreachable`.
    public func createTopics(_ topics: [KafkaTopicSpec]) async throws {
        guard !topics.isEmpty else { return }
        let client = client
        let bootstrapServers = bootstrapServers
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        try await blocking.run {
            try Self.create(topics, client: client, timeoutMs: milliseconds, bootstrapServers: bootstrapServers)
        }
    }

    /// Blocking: sends CreateTopics and waits on a private queue for the result event.
    private static func create(
        _ topics: [KafkaTopicSpec], client: RDKafkaClient, timeoutMs: Int32, bootstrapServers: String
    ) throws {
        var reason = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for spec in topics {
            guard
                let topic = rd_kafka_NewTopic_new(
                    spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &reason, reason.count)
            else {
                throw KafkaError(
                    .topicCreationFailed, "invalid topic \(spec.name): \(RDKafkaError.string(reason))")
            }
            newTopics.append(topic)
            for (name, value) in spec.config {
                _ = rd_kafka_NewTopic_set_config(topic, name, value)
            }
        }
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &reason, reason.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &reason, reason.count)
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(client.handle, buffer.baseAddress, buffer.count, options, queue)
        }
        // The request itself times out after timeoutMs; allow a little longer for the result event.
        let event = rd_kafka_queue_poll(queue, timeoutMs + 5000)
        defer { if let event { rd_kafka_event_destroy(event) } }
        let error = event.map { rd_kafka_event_error($0) } ?? RD_KAFKA_RESP_ERR__TIMED_OUT
        if error == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(
                .topicCreationFailed,
                "no answer to CreateTopics from \(bootstrapServers) within \(timeoutMs) ms",
                hint: "`tao broker` (librdkafka's mock cluster) has no admin API, create topics there with "
                    + "EmbeddedBroker.createTopics; otherwise \(KafkaError.reachabilityHint)",
                rdkafkaName: RDKafkaError.name(error))
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let event else {
            throw RDKafkaError.make(
                .topicCreationFailed, error, while: "creating topics", bootstrapServers: bootstrapServers)
        }
        var count = 0
        let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
        var failures: [String] = []
        for index in 0..<count {
            let result = results![index]
            let error = rd_kafka_topic_result_error(result)
            if error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let message = rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
            failures.append(
                "\(String(cString: rd_kafka_topic_result_name(result))): \(message ?? RDKafkaError.text(error))")
        }
        if !failures.isEmpty {
            throw KafkaError(.topicCreationFailed, "cannot create topics: \(failures.joined(separator: "; "))")
        }
    }
}
