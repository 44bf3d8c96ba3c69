import Foundation
import HTTPTypes
import Hummingbird
import Llama
import Observability

/// One request's answer, assembled from its jobs' events: a whole JSON body, or server-sent events as text is
/// decoded. The version header names the policy of the batch that took the (first) prompt.
struct Answer: Sendable {
    let id: String
    let request: ServeRequest
    let model: String
    let created: Int
    let streams: [AsyncStream<GenerationJob.Event>]
    let started: ContinuousClock.Instant

    private var route: String { request.route.rawValue }

    /// Waits for every choice, then answers in one body.
    func whole() async throws -> Response {
        var label = "", promptTokens = 0
        var choices: [[Completion]] = []
        for stream in streams {
            var finished: [Completion]?
            for await event in stream {
                switch event {
                case .started(let version, let tokens):
                    if label.isEmpty { label = version }
                    promptTokens += tokens
                case .text: continue
                case .finished(let completions): finished = completions
                case .failed(let error): throw error
                }
            }
            guard let finished else { throw OpenAIError.server("the request ended without an answer") }
            choices.append(finished)
        }
        let usage = OpenAIResponses.Usage(
            prompt_tokens: promptTokens, completion_tokens: choices.joined().map(\.tokens.count).reduce(0, +))
        let fingerprint = "tao-policy-\(label)"
        var response: Response
        switch request.route {
        case .chat:
            response = ServeRoutes.json(OpenAIResponses.ChatCompletion(
                id: id, created: created, model: model, system_fingerprint: fingerprint,
                choices: choices[0].enumerated().map {
                    .init(index: $0.offset, message: .init(content: $0.element.text),
                          finish_reason: OpenAIResponses.finishReason($0.element.finishReason))
                },
                usage: usage))
        case .completions:
            let flat = choices.joined().enumerated().map {
                OpenAIResponses.TextChoice(index: $0.offset, text: $0.element.text,
                                           finish_reason: OpenAIResponses.finishReason($0.element.finishReason))
            }
            response = ServeRoutes.json(OpenAIResponses.TextCompletion(
                id: id, created: created, model: model, system_fingerprint: fingerprint, choices: flat, usage: usage))
        }
        response.headers[ServeRoutes.versionHeader] = label
        let elapsed = ContinuousClock.now - started
        FleetMetric.serveRequestDuration.timer(["stage": "serve", "route": route]).recordNanoseconds(Self.nanoseconds(elapsed))
        return response
    }

    /// Answers with server-sent events: a role chunk per choice, text chunks as they decode, a last chunk per choice
    /// with its finish reason, the usage chunk if asked for, then `data: [DONE]`. Waits for the first batch to start
    /// so that the version header can say which policy answers; an error before that is a plain JSON error.
    func streamed() async throws -> Response {
        var iterators = streams.map { $0.makeAsyncIterator() }
        var label = "", promptTokens = [Int](repeating: 0, count: streams.count)
        for p in iterators.indices {
            switch await iterators[p].next() {
            case .started(let version, let tokens)?:
                if label.isEmpty { label = version }
                promptTokens[p] = tokens
            case .failed(let error)?: throw error
            default: throw OpenAIError.server("the request ended without an answer")
            }
        }
        let (n, request, id, created, model, started, route) = (request.n, request, id, created, model, started, route)
        let fingerprint = "tao-policy-\(label)"
        let usagePromptTokens = promptTokens.reduce(0, +)
        let handOff = IteratorsBox(iterators)
        let body = ResponseBody { writer in
            var iterators = handOff.take()
            var completionTokens = 0
            var firstText = true
            func send(_ data: Data) async throws { try await writer.write(ByteBuffer(bytes: Array(data))) }
            /// One event: a chat chunk or a text completion, with one choice's delta, or with none and the usage.
            func event(_ choice: (index: Int, delta: OpenAIResponses.Delta, finish: String?)?, usage: OpenAIResponses.Usage? = nil) -> Data {
                switch request.route {
                case .chat:
                    OpenAIResponses.event(OpenAIResponses.ChatChunk(
                        id: id, created: created, model: model, system_fingerprint: fingerprint,
                        choices: choice.map { [.init(index: $0.index, delta: $0.delta, finish_reason: $0.finish)] } ?? [],
                        usage: usage))
                case .completions:
                    OpenAIResponses.event(OpenAIResponses.TextCompletion(
                        id: id, created: created, model: model, system_fingerprint: fingerprint,
                        choices: choice.map { [.init(index: $0.index, text: $0.delta.content ?? "", finish_reason: $0.finish)] } ?? [],
                        usage: usage))
                }
            }
            func chunk(_ index: Int, _ delta: OpenAIResponses.Delta, _ finish: String?) -> Data {
                event((index, delta, finish))
            }
            if request.route == .chat {
                for i in 0..<n { try await send(chunk(i, .init(role: "assistant", content: ""), nil)) }
            }
            for p in iterators.indices {
                loop: while let event = await iterators[p].next() {
                    switch event {
                    case .started: continue
                    case .text(let i, let text):
                        if firstText {
                            firstText = false
                            FleetMetric.serveTimeToFirstToken.timer(["stage": "serve", "route": route])
                                .recordNanoseconds(Answer.nanoseconds(ContinuousClock.now - started))
                        }
                        try await send(chunk(p * n + i, .init(content: text), nil))
                    case .finished(let completions):
                        completionTokens += completions.map(\.tokens.count).reduce(0, +)
                        for (i, completion) in completions.enumerated() {
                            try await send(chunk(p * n + i, .init(), OpenAIResponses.finishReason(completion.finishReason)))
                        }
                        break loop
                    case .failed(let error):
                        try await send(Data("data: ".utf8) + error.json + Data("\n\n".utf8))
                        break loop
                    }
                }
            }
            if request.includeUsage {
                try await send(event(nil, usage: OpenAIResponses.Usage(
                    prompt_tokens: usagePromptTokens, completion_tokens: completionTokens)))
            }
            try await send(OpenAIResponses.done)
            try await writer.finish(nil)
            FleetMetric.serveRequestDuration.timer(["stage": "serve", "route": route])
                .recordNanoseconds(Answer.nanoseconds(ContinuousClock.now - started))
        }
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        headers[ServeRoutes.versionHeader] = label
        return Response(status: .ok, headers: headers, body: body)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}

/// Hands the streams' iterators, already advanced past their first event, to the response body that finishes
/// reading them. The body runs once, on one task; the box only crosses the closure's `@Sendable` boundary.
final class IteratorsBox: @unchecked Sendable {
    private var iterators: [AsyncStream<GenerationJob.Event>.Iterator]?

    init(_ iterators: [AsyncStream<GenerationJob.Event>.Iterator]) { self.iterators = iterators }

    func take() -> [AsyncStream<GenerationJob.Event>.Iterator] {
        defer { iterators = nil }
        return iterators ?? []
    }
}
