import Deterministic
import Fleet
import Foundation
import Messages
import Observability
import RunConfiguration

/// Writes served prompts to `<run>.prompts`, so production traffic becomes tuning data — without a request ever
/// waiting on Kafka: ``record(id:request:)`` puts the prompt in a bounded buffer and returns at once; ``run(bus:)``
/// drains it to the broker. When the buffer is full (the broker is down or slow), the prompt is dropped and counted
/// (`tao_serve_traffic_dropped_total{reason="buffer"}`), and the request is answered all the same.
///
/// Redaction: every `serve.traffic.redact` pattern is replaced by `[redacted]` in the text and in each message
/// before the prompt enters the buffer. This is the one place to strip what must not become tuning data.
public final class TrafficTap: Sendable {
    private let settings: RunConfiguration.Serve.Traffic
    private let topic: String
    private let redactions: [NSRegularExpressionBox]
    private let buffer: AsyncStream<PromptMessage>.Continuation
    private let buffered: AsyncStream<PromptMessage>

    public init(settings: RunConfiguration.Serve.Traffic, topic: String) {
        self.settings = settings
        self.topic = topic
        redactions = settings.redact.compactMap { try? NSRegularExpression(pattern: $0) }.map(NSRegularExpressionBox.init)
        (buffered, buffer) = AsyncStream.makeStream(of: PromptMessage.self, bufferingPolicy: .bufferingOldest(settings.buffer))
    }

    /// Records one prompt of a served request (non-blocking). Returns whether it was kept.
    @discardableResult
    public func record(id: String, prompt: ServeRequest.Prompt, task: String?, metadata: [String: String]) -> Bool {
        guard settings.enabled else { return false }
        guard Self.sampled(id, rate: settings.sampleRate) else {
            FleetMetric.serveTrafficDropped.counter(["stage": "serve", "reason": "sampled"]).increment()
            return false
        }
        var extra = metadata
        extra["source"] = "tao-serve"
        let message: PromptMessage
        switch prompt {
        case .text(let text):
            message = PromptMessage(id: id, task: task ?? settings.task, text: redact(text), metadata: extra)
        case .chat(let messages):
            let turns = messages.map { PromptMessage.Turn(role: $0.role, content: redact($0.content)) }
            let last = turns.last { $0.role == "user" }?.content ?? ""
            message = PromptMessage(id: id, task: task ?? settings.task, text: last, messages: turns, metadata: extra)
        }
        if case .dropped = buffer.yield(message) {
            FleetMetric.serveTrafficDropped.counter(["stage": "serve", "reason": "buffer"]).increment()
            return false
        }
        return true
    }

    /// Sends buffered prompts until cancelled. A prompt the broker refuses is counted as dropped (`kafka`).
    public func run(bus: any MessageBus, onError: @escaping @Sendable (String) -> Void = { _ in }) async {
        await withTaskCancellationHandler {
            for await prompt in buffered {
                do {
                    try await bus.publish([OutgoingRecord(topic: topic, key: prompt.id, value: try WireCodec.encode(prompt))])
                    FleetMetric.serveTrafficPublished.counter(["stage": "serve"]).increment()
                } catch {
                    FleetMetric.serveTrafficDropped.counter(["stage": "serve", "reason": "kafka"]).increment()
                    onError("a served prompt was not written to \(topic): \(error)")
                }
            }
        } onCancel: { [buffer] in
            buffer.finish()
        }
    }

    func redact(_ text: String) -> String {
        redactions.reduce(text) { text, box in
            box.expression.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "[redacted]")
        }
    }

    /// Whether request `id` is among the `rate` fraction written: a hash of the id, so the choice is the same on
    /// every replica and every retry of the request.
    static func sampled(_ id: String, rate: Double) -> Bool {
        rate >= 1 || Double(FNV1a.hash64(id) % 1_000_000) < rate * 1_000_000
    }
}

/// `NSRegularExpression` is immutable and thread-safe once built, but not marked `Sendable` on Linux.
struct NSRegularExpressionBox: @unchecked Sendable {
    let expression: NSRegularExpression
}
