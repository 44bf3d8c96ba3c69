import CRdKafka
import Logging

/// State librdkafka's C callbacks reach through the conf opaque (`rd_kafka_opaque(rk)`).
///
/// Owned by the `RDKafkaClient`, which outlives its `rd_kafka_t` handle, so the unretained pointer handed
/// to librdkafka is valid for every callback including those fired inside `rd_kafka_destroy`.
final class RDKafkaClientContext: Sendable {
    let logger: Logger
    let bootstrapServers: String
    /// Where the consumer's rebalance callback reports assignments; nil for producers.
    let events: AsyncStream<KafkaConsumerEvent>.Continuation?
    /// Sees every log line (facility, text) before the logger does, on whichever librdkafka thread logs it;
    /// the embedded broker reads its mock cluster's request log through this.
    let logObserver: (@Sendable (String, String) -> Void)?

    init(
        logger: Logger, bootstrapServers: String, events: AsyncStream<KafkaConsumerEvent>.Continuation? = nil,
        logObserver: (@Sendable (String, String) -> Void)? = nil
    ) {
        self.logger = logger
        self.bootstrapServers = bootstrapServers
        self.events = events
        self.logObserver = logObserver
    }

    static func of(_ handle: OpaquePointer?) -> RDKafkaClientContext? {
        guard let handle, let raw = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(raw).takeUnretainedValue()
    }
}

/// Owns one `rd_kafka_t` (producer or consumer) and destroys it when the last reference goes.
///
/// librdkafka handles are thread-safe, hence `@unchecked Sendable`. Blocking calls on the handle must still be
/// made from a `BlockingWorker` or the poll thread, never from Swift Concurrency's cooperative pool.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let handle: OpaquePointer
    let context: RDKafkaClientContext

    /// Creates the handle from `properties`; installs log and error callbacks routed to `context.logger`,
    /// plus delivery-report (producer) or rebalance (consumer) callbacks.
    init(_ kind: Kind, properties: [String: String], context: RDKafkaClientContext) throws {
        let conf = try RDKafkaConfig.make(properties)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
            guard let context = RDKafkaClientContext.of(handle), let text else { return }
            let facility = facility.map { String(cString: $0) } ?? ""
            context.logObserver?(facility, String(cString: text))
            let message = "rdkafka \(facility): \(String(cString: text))"
            context.logger.log(level: RDKafkaClient.logLevel(syslog: level), "\(message)")
        }
        rd_kafka_conf_set_error_cb(conf) { handle, error, reason, _ in
            guard let context = RDKafkaClientContext.of(handle) else { return }
            let text = reason.map { String(cString: $0) } ?? RDKafkaError.text(rd_kafka_resp_err_t(error))
            let code = rd_kafka_resp_err_t(error)
            let hint = RDKafkaError.isReachability(code) ? " — \(KafkaError.reachabilityHint)" : ""
            context.logger.warning("kafka client error [\(RDKafkaError.name(code))]: \(text)\(hint)")
        }
        switch kind {
        case .producer: RDKafkaClient.installDeliveryCallback(conf)
        case .consumer: RDKafkaClient.installRebalanceCallback(conf)
        }
        var reason = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &reason, reason.count) else {
            rd_kafka_conf_destroy(conf)
            let message = RDKafkaError.string(reason)
            throw KafkaError(.invalidConfiguration, "cannot create a Kafka \(kind): \(message)")
        }
        self.handle = handle
        self.context = context
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// Throws `error` as a `KafkaError` of `code` (see `RDKafkaError.make`) unless it is `NO_ERROR`.
    func check(_ error: rd_kafka_resp_err_t, _ code: KafkaError.Code, while operation: String) throws {
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        throw RDKafkaError.make(code, error, while: operation, bootstrapServers: context.bootstrapServers)
    }

    /// librdkafka logs transient connection failures at syslog level 3, so levels are shifted down one step:
    /// a refused connection is a warning, not an error (the error callback and send timeouts report real trouble).
    static func logLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: .error
        case 3: .warning
        case 4: .notice
        case 5: .info
        default: .debug
        }
    }
}
