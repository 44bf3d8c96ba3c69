import Blocking
import Foundation
import Llama
import Observability
import Synchronization

/// Decodes requests in batches on one thread: while a batch decodes, new requests queue; the next batch takes the
/// oldest waiting request and up to `maxBatch − 1` more that can share its sampling settings. No request waits for
/// a timer, and each decodes exactly as it would alone (its own length and seed).
///
/// The policy is read at the start of every batch, so a new version takes over between batches: a batch in flight
/// finishes with the engine it started with, and no request fails because of a reload.
public final class BatchScheduler: Sendable {
    private let pending = Mutex<[GenerationJob]>([])
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let worker = BlockingWorker(label: "tao.serve.decode")
    private let maxBatch: Int
    /// The engine to decode with now, or why there is none.
    private let engine: @Sendable () -> Result<ServedPolicy, OpenAIError>

    public init(maxBatch: Int, engine: @escaping @Sendable () -> Result<ServedPolicy, OpenAIError>) {
        self.maxBatch = maxBatch
        self.engine = engine
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Requests waiting for a batch.
    public var queueDepth: Int { pending.withLock { $0.count } }

    func submit(_ job: GenerationJob) {
        let depth = pending.withLock { jobs in
            jobs.append(job)
            return jobs.count
        }
        FleetMetric.serveQueueDepth.gauge(["stage": "serve"]).record(depth)
        wake.yield()
    }

    /// Decodes batches until cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            for await _ in wakes {
                while let batch = takeBatch() { await decode(batch) }
            }
        } onCancel: { [wake] in
            wake.finish()
        }
        for job in pending.withLock({ jobs in defer { jobs = [] }; return jobs }) {
            job.events.yield(.failed(.notReady("the server is shutting down")))
            job.events.finish()
        }
    }

    private func takeBatch() -> [GenerationJob]? {
        pending.withLock { jobs -> [GenerationJob]? in
            guard let first = jobs.first else { return nil }
            var batch: [GenerationJob] = []
            var rest: [GenerationJob] = []
            for job in jobs {
                if batch.count < maxBatch, job.key == first.key { batch.append(job) } else { rest.append(job) }
            }
            jobs = rest
            FleetMetric.serveQueueDepth.gauge(["stage": "serve"]).record(rest.count)
            return batch
        }
    }

    private func decode(_ batch: [GenerationJob]) async {
        let served: ServedPolicy
        switch self.engine() {
        case .success(let ready): served = ready
        case .failure(let error):
            for job in batch { job.fail(error) }
            return
        }
        FleetMetric.serveBatchSize.recorder(["stage": "serve"]).record(batch.count)
        let (key, engine, label) = (batch[0].key, served.engine, served.label)
        do {
            try await worker.run {
                var accepted: [GenerationJob] = []
                var requests: [GenerationRequest] = []
                for job in batch {
                    do {
                        let tokens = try engine.tokens(job.prompt)
                        guard tokens.count + job.maxTokens <= engine.contextLength else {
                            throw OpenAIError.invalid(
                                "This model's maximum context length is \(engine.contextLength) tokens. However, you "
                                    + "requested \(tokens.count + job.maxTokens) tokens (\(tokens.count) in the prompt, "
                                    + "\(job.maxTokens) for the completion). Please reduce the prompt or max_tokens.",
                                param: "messages", code: "context_length_exceeded")
                        }
                        accepted.append(job)
                        requests.append(GenerationRequest(prompt: tokens, maxNewTokens: job.maxTokens, seed: job.seed))
                        job.events.yield(.started(label: label, promptTokens: tokens.count))
                    } catch let error as OpenAIError {
                        job.fail(error)
                    }
                }
                guard !accepted.isEmpty else { return }
                var parameters = SamplingParameters(
                    temperature: key.temperature, topP: key.topP, maxNewTokens: 1, stopSequences: key.stop)
                if key.chat { parameters.stopTokenIds = engine.endOfTurn }
                let started = ContinuousClock.now
                let listeners = accepted.map(\.events)
                let completions = try engine.generator.generate(requests, count: key.n, parameters: parameters) { p, i, text in
                    listeners[p].yield(.text(sample: i, text))
                }
                let tokens = completions.joined().map(\.tokens.count).reduce(0, +)
                let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
                FleetMetric.serveTokensGenerated.counter(["stage": "serve"]).increment(by: tokens)
                if seconds > 0 {
                    FleetMetric.generationTokensPerSecond.gauge(["stage": "serve"]).record(Double(tokens) / seconds)
                }
                for (job, choices) in zip(accepted, completions) {
                    job.events.yield(.finished(choices))
                    job.events.finish()
                }
            }
        } catch {
            for job in batch { job.fail(.server("decoding failed: \(error)")) }
        }
    }
}

extension GenerationJob {
    func fail(_ error: OpenAIError) {
        events.yield(.failed(error))
        events.finish()
    }
}
