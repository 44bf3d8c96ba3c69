import Foundation
import HTTPTypes
import Hummingbird
import Llama
import Observability

/// The HTTP API: OpenAI's `POST /v1/chat/completions`, `POST /v1/completions` and `GET /v1/models`, plus
/// `/healthz`, `/readyz` and `/metrics`. Every error is OpenAI's JSON shape with its status.
struct ServeRoutes: Sendable {
    let modelName: String
    let maxTokens: Int
    let scheduler: BatchScheduler
    let tap: TrafficTap
    /// Nil when a policy can answer, else why not (what `/readyz` says).
    let unreadiness: @Sendable () -> String?
    let created = Int(Date().timeIntervalSince1970)

    static let versionHeader = HTTPField.Name("X-Tao-Policy-Version")!
    /// Largest request body read.
    static let maxBody = 4 << 20

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: OpenAIErrorMiddleware())
        router.post("/v1/chat/completions") { request, _ in
            try await self.answer(request, route: .chat)
        }
        router.post("/v1/completions") { request, _ in
            try await self.answer(request, route: .completions)
        }
        router.get("/v1/models") { _, _ in
            Self.json(OpenAIResponses.ModelList(data: [.init(id: modelName, created: created)]))
        }
        router.get("/v1/models/:model") { _, context in
            let asked = context.parameters.get("model") ?? ""
            guard asked == modelName else { throw OpenAIError.modelNotFound(asked) }
            return Self.json(OpenAIResponses.Model(id: modelName, created: created))
        }
        router.get("/healthz") { _, _ in Self.text("ok\n") }
        router.get("/readyz") { _, _ in
            guard let reason = unreadiness() else { return Self.text("ready\n") }
            return Self.text("not ready: \(reason)\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            FleetMetric.residentMemory.gauge(["stage": "serve"]).record(ResidentMemory.bytes())
            return Self.text(FleetMetrics.bootstrap().exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        return router
    }

    // MARK: Completions

    private func answer(_ http: Request, route: ServeRequest.Route) async throws -> Response {
        let started = ContinuousClock.now
        let body = Data((try await http.body.collect(upTo: Self.maxBody)).readableBytesView)
        let request = try route == .chat ? ServeRequest.chat(body) : ServeRequest.completions(body)
        guard request.model == modelName else { throw OpenAIError.modelNotFound(request.model) }
        let limit = request.maxTokens ?? maxTokens
        guard limit <= maxTokens else {
            throw OpenAIError.invalid(
                "max_tokens is too large: \(limit). This server allows at most \(maxTokens) (serve.max-tokens).",
                param: route == .chat ? "max_completion_tokens" : "max_tokens", code: "integer_above_max_value")
        }
        let id = (route == .chat ? "chatcmpl-" : "cmpl-") + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let seed = request.seed ?? UInt64.random(in: 0...UInt64.max)
        let jobs = request.prompts.enumerated().map { p, prompt in
            GenerationJob.make(prompt: prompt, request: request, maxTokens: limit,
                               seed: SamplingParameters(seed: seed).seed(forPrompt: p))
        }
        for (job, _) in jobs { scheduler.submit(job) }
        let answer = Answer(id: id, request: request, model: modelName, created: Int(Date().timeIntervalSince1970),
                            streams: jobs.map(\.1), started: started)
        let response = request.stream ? try await answer.streamed() : try await answer.whole()
        for (p, prompt) in request.prompts.enumerated() {
            tap.record(id: request.prompts.count == 1 ? id : "\(id)-\(p)", prompt: prompt, task: request.task,
                       metadata: request.metadata.filter { $0.key != "task" })
        }
        return response
    }

    // MARK: Responses

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(OpenAIResponses.encode(value)))))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
