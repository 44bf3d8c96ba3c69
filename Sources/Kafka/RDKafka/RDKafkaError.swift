import CRdKafka

/// Turns librdkafka error codes into `KafkaError`s with a readable message and a hint.
enum RDKafkaError {
    /// librdkafka's error codes that mean "no broker answered", whatever operation was being attempted.
    static func isReachability(_ error: rd_kafka_resp_err_t) -> Bool {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return true
        default:
            return false
        }
    }

    /// The text in a NUL-terminated `errstr` buffer filled by librdkafka.
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func name(_ error: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2name(error))
    }

    static func text(_ error: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(error))
    }

    /// A `KafkaError` for `error` raised while doing `operation` against `bootstrapServers`.
    ///
    /// Unreachable-broker errors become `.brokerUnreachable` with the reachability hint, and `MSG_SIZE_TOO_LARGE`
    /// (the local size check and the broker's refusal share this code) becomes `.messageTooLarge`, whatever `code`
    /// says.
    static func make(
        _ code: KafkaError.Code, _ error: rd_kafka_resp_err_t, while operation: String, bootstrapServers: String
    ) -> KafkaError {
        if error == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE {
            return KafkaError(
                .messageTooLarge, "\(operation) failed: the record is too large (\(text(error)))",
                hint: KafkaError.messageTooLargeHint, rdkafkaName: name(error))
        }
        if isReachability(error) {
            return KafkaError(
                .brokerUnreachable,
                "cannot reach a broker at \(bootstrapServers) while \(operation): \(text(error))",
                hint: KafkaError.reachabilityHint, rdkafkaName: name(error))
        }
        return KafkaError(code, "\(operation) failed: \(text(error))", rdkafkaName: name(error))
    }

    /// Takes ownership of a `rd_kafka_error_t` (destroying it) and returns it as a `KafkaError`, or nil on success.
    static func consume(
        _ error: OpaquePointer?, _ code: KafkaError.Code, while operation: String, bootstrapServers: String
    ) -> KafkaError? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        if rd_kafka_error_is_fatal(error) != 0 {
            return KafkaError(
                .fatal, "\(operation) failed fatally: \(String(cString: rd_kafka_error_string(error)))",
                hint: "recreate the client", rdkafkaName: String(cString: rd_kafka_error_name(error)))
        }
        return make(code, rd_kafka_error_code(error), while: operation, bootstrapServers: bootstrapServers)
    }
}
