import CRdKafka

/// Waits for one message's delivery report; passed to librdkafka as the per-message opaque (retained once,
/// released by the delivery callback, which librdkafka calls exactly once per accepted message).
final class RDKafkaDelivery: Sendable {
    let continuation: CheckedContinuation<KafkaDeliveryReport, any Error>
    let bootstrapServers: String

    init(_ continuation: CheckedContinuation<KafkaDeliveryReport, any Error>, bootstrapServers: String) {
        self.continuation = continuation
        self.bootstrapServers = bootstrapServers
    }
}

/// What became of a message handed to librdkafka (`RDKafkaClient.enqueue`).
enum RDKafkaEnqueueResult: Sendable {
    /// librdkafka has it; the delivery callback will answer.
    case enqueued
    /// The local queue is full (`queue.buffering.max.messages`): wait for a poll and try again.
    case queueFull
    /// Refused before it was queued.
    case failed(KafkaError)
}

extension RDKafkaClient {
    /// Delivery reports run on whichever thread calls `rd_kafka_poll`/`rd_kafka_flush`: the producer's poll thread.
    static func installDeliveryCallback(_ conf: OpaquePointer) {
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
            guard let message, let raw = message.pointee._private else { return }
            let delivery = Unmanaged<RDKafkaDelivery>.fromOpaque(raw).takeRetainedValue()
            let topic = String(cString: rd_kafka_topic_name(message.pointee.rkt))
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                delivery.continuation.resume(
                    returning: KafkaDeliveryReport(
                        topic: topic, partition: message.pointee.partition, offset: message.pointee.offset))
            } else if error == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE {
                delivery.continuation.resume(
                    throwing: KafkaError(
                        .messageTooLarge,
                        "the cluster refused a record for \(topic) as too large (the broker's message.max.bytes or "
                            + "the topic's max.message.bytes)",
                        hint: KafkaError.messageTooLargeHint, rdkafkaName: RDKafkaError.name(error)))
            } else if error == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT {
                delivery.continuation.resume(
                    throwing: KafkaError(
                        .brokerUnreachable,
                        "cannot reach a broker at \(delivery.bootstrapServers): message to \(topic) was not "
                            + "acknowledged within message.timeout.ms",
                        hint: KafkaError.reachabilityHint, rdkafkaName: RDKafkaError.name(error)))
            } else {
                delivery.continuation.resume(
                    throwing: RDKafkaError.make(
                        .deliveryFailed, error, while: "delivering a message to \(topic)",
                        bootstrapServers: delivery.bootstrapServers))
            }
        }
    }

    /// Hands `message` to librdkafka without blocking. On `.enqueued` librdkafka owns a retained delivery box
    /// until its delivery callback resumes `continuation`; on anything else the box is released here and the
    /// caller resumes `continuation` itself.
    func enqueue(
        _ message: KafkaProducerMessage, _ continuation: CheckedContinuation<KafkaDeliveryReport, any Error>
    ) -> RDKafkaEnqueueResult {
        let bootstrapServers = context.bootstrapServers
        let opaque = Unmanaged.passRetained(RDKafkaDelivery(continuation, bootstrapServers: bootstrapServers))
        let error = produce(message, opaque: opaque.toOpaque())
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return .enqueued }
        opaque.release()
        switch error {
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            return .queueFull
        case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
            let bytes = message.value.count + (message.key?.count ?? 0)
            return .failed(
                KafkaError(
                    .messageTooLarge,
                    "the record for \(message.topic) (\(bytes) bytes of key and value, plus headers and framing) is "
                        + "larger than this producer's message.max.bytes",
                    hint: KafkaError.messageTooLargeHint, rdkafkaName: RDKafkaError.name(error)))
        default:
            return .failed(
                RDKafkaError.make(
                    .deliveryFailed, error, while: "enqueueing a message for \(message.topic)",
                    bootstrapServers: bootstrapServers))
        }
    }

    /// Blocks until every enqueued message has its delivery report, or throws after `timeoutMs`.
    func flush(timeoutMs: Int32) throws {
        try check(rd_kafka_flush(handle, timeoutMs), .deliveryFailed, while: "flushing the producer")
    }

    /// Enqueues `message` without blocking (`rd_kafka_produceva`), copying key, value and headers.
    ///
    /// Returns librdkafka's error code; on success librdkafka owns `opaque` until the delivery callback.
    private func produce(_ message: KafkaProducerMessage, opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        let headers = rd_kafka_headers_new(message.headers.count)!
        for header in message.headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(headers, header.key, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(headers, header.key, -1, nil, 0)
            }
        }
        let result: OpaquePointer? = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                withKey(message.key) { key in
                    var fields: [rd_kafka_vu_t] = []
                    func field(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                        var vu = rd_kafka_vu_t()
                        vu.vtype = type
                        fill(&vu)
                        fields.append(vu)
                    }
                    field(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                    field(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = message.partition ?? RD_KAFKA_PARTITION_UA }
                    field(RD_KAFKA_VTYPE_VALUE) {
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                        $0.u.mem.size = value.count
                    }
                    if let key {
                        field(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                            $0.u.mem.size = key.count
                        }
                    }
                    if let timestamp = message.timestamp {
                        field(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = Int64((timestamp.timeIntervalSince1970 * 1000).rounded()) }
                    }
                    field(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
                    field(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                    field(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
                    return rd_kafka_produceva(handle, fields, fields.count)
                }
            }
        }
        guard let result else { return RD_KAFKA_RESP_ERR_NO_ERROR }
        rd_kafka_headers_destroy(headers)  // only taken over by librdkafka on success
        let code = rd_kafka_error_code(result)
        rd_kafka_error_destroy(result)
        return code
    }

    private func withKey<T>(_ key: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard let key else { return body(nil) }
        return key.withUnsafeBytes { body($0) }
    }
}
