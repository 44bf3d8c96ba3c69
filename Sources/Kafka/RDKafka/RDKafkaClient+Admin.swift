import CRdKafka

extension RDKafkaClient {
    /// Blocking: sends CreateTopics and waits on a private queue for the result event.
    func createTopics(_ topics: [KafkaTopicSpec], timeoutMs: Int32) throws {
        let bootstrapServers = context.bootstrapServers
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
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &reason, reason.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &reason, reason.count)
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle, buffer.baseAddress, buffer.count, options, queue)
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
