import CRdKafka
import Foundation

extension RDKafkaClient {
    /// The rebalance callback runs inside `rd_kafka_consumer_poll`/`rd_kafka_consumer_close`, on the consumer's
    /// blocking queue. It applies the new assignment itself (eager or cooperative, whichever protocol the
    /// configured assignor uses) and then reports it on the context's event stream.
    static func installRebalanceCallback(_ conf: OpaquePointer) {
        rd_kafka_conf_set_rebalance_cb(conf) { handle, error, partitions, _ in
            guard let handle else { return }
            let context = RDKafkaClientContext.of(handle)
            let changed = RDKafkaTopicPartitionList.entries(partitions).map(\.partition)
            let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
            switch error {
            case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
                if cooperative {
                    rd_kafka_error_destroy(rd_kafka_incremental_assign(handle, partitions))
                } else {
                    rd_kafka_assign(handle, partitions)
                }
                context?.logger.info("kafka consumer assigned \(changed.sorted())")
                context?.events?.yield(.assigned(changed))
            case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
                // Unassigning commits the offsets stored for these partitions (enable.auto.commit).
                if cooperative {
                    rd_kafka_error_destroy(rd_kafka_incremental_unassign(handle, partitions))
                } else {
                    rd_kafka_assign(handle, nil)
                }
                context?.logger.info("kafka consumer revoked \(changed.sorted())")
                context?.events?.yield(.revoked(changed))
            default:
                context?.logger.warning("kafka rebalance failed: \(RDKafkaError.text(error)); unassigning")
                rd_kafka_assign(handle, nil)
            }
        }
    }

    /// One blocking `rd_kafka_consumer_poll` of up to `timeoutMs` (group members); returns a copied message, nil
    /// on timeout or on a non-fatal error (see `consumed`).
    func pollMessage(timeoutMs: Int32) throws -> KafkaConsumerMessage? {
        guard let message = rd_kafka_consumer_poll(handle, timeoutMs) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        return try consumed(message)
    }

    /// `message` copied out of librdkafka (the caller still destroys it). Per-message errors that are not fatal
    /// (e.g. an unknown topic, a broker connection drop) are logged and reported as nil so the caller polls again;
    /// a fatal error throws.
    func consumed(_ message: UnsafeMutablePointer<rd_kafka_message_t>) throws -> KafkaConsumerMessage? {
        let error = message.pointee.err
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if error == RD_KAFKA_RESP_ERR__FATAL || rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(
                    .fatal, "consumer failed fatally: \(RDKafkaError.text(error))", hint: "recreate the consumer",
                    rdkafkaName: RDKafkaError.name(error))
            }
            if error != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                context.logger.warning("kafka consumer: \(RDKafkaError.text(error)) [\(RDKafkaError.name(error))]")
            }
            return nil
        }
        return Self.copy(message)
    }

    private static func copy(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaConsumerMessage {
        let record = message.pointee
        func bytes(_ pointer: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
            guard let pointer, count > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaConsumerMessage(
            topic: String(cString: rd_kafka_topic_name(record.rkt)), partition: record.partition,
            offset: record.offset, key: record.key.map { bytes($0, record.key_len) },
            value: bytes(record.payload, record.len), headers: headers(message),
            timestamp: milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil)
    }

    private static func headers(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else {
            return []
        }
        var result: [KafkaHeader] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        var index = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }
}
