import Foundation
import Llama

/// One prompt of a request waiting for, or in, a batch. The request's handler reads `events`; the scheduler writes
/// them from its decoding thread (an `AsyncStream` continuation is thread-safe).
final class GenerationJob: Sendable {
    enum Event: Sendable {
        /// The batch started with this policy; the prompt has this many tokens.
        case started(label: String, promptTokens: Int)
        /// More text of choice `sample`.
        case text(sample: Int, String)
        case finished([Completion])
        case failed(OpenAIError)
    }

    /// Jobs decode together only when these agree (everything else — length, seed, prompt — may differ per row).
    struct BatchKey: Hashable, Sendable {
        var temperature: Float
        var topP: Float
        var stop: [String]
        var n: Int
        var chat: Bool
    }

    let prompt: ServeRequest.Prompt
    let key: BatchKey
    let maxTokens: Int
    let seed: UInt64
    let events: AsyncStream<Event>.Continuation
    let enqueued = ContinuousClock.now

    init(
        prompt: ServeRequest.Prompt, request: ServeRequest, maxTokens: Int, seed: UInt64,
        events: AsyncStream<Event>.Continuation
    ) {
        self.prompt = prompt
        var chat = false
        if case .chat = prompt { chat = true }
        key = BatchKey(temperature: request.temperature, topP: request.topP, stop: request.stop, n: request.n, chat: chat)
        self.maxTokens = maxTokens
        self.seed = seed
        self.events = events
    }

    /// A job and the stream of its events.
    static func make(
        prompt: ServeRequest.Prompt, request: ServeRequest, maxTokens: Int, seed: UInt64
    ) -> (GenerationJob, AsyncStream<Event>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        return (GenerationJob(prompt: prompt, request: request, maxTokens: maxTokens, seed: seed, events: continuation), stream)
    }
}
