import NIOHTTP1

/// Maps a request's method and target to a response: the whole of the health server's behaviour, free of I/O.
///
/// - `GET /healthz` → 200 `ok` (liveness: answering at all proves the event loop and the cooperative pool run).
/// - `GET /readyz` → 200 when every readiness check passes, else 503; the body lists every check either way.
/// - `GET /metrics` → 200 with the Prometheus text exposition.
/// - `HEAD` on any of these → the same status and headers, no body.
/// - another method on these paths → 405 with `Allow: GET, HEAD`; any other path → 404.
struct HealthRouter: Sendable {
    /// The Prometheus text exposition format's content type.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    let readiness: ReadinessChecks
    let metrics: FleetMetrics

    func respond(method: HTTPMethod, target: String) async -> HTTPResponse {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard ["/healthz", "/readyz", "/metrics"].contains(path) else {
            return .text(.notFound, "no such endpoint: \(path) (try /healthz, /readyz or /metrics)\n")
        }
        guard method == .GET || method == .HEAD else {
            var response = HTTPResponse.text(.methodNotAllowed, "\(method) is not allowed on \(path); use GET\n")
            response.extraHeaders["Allow"] = "GET, HEAD"
            return response
        }
        switch path {
        case "/healthz":
            return .text(.ok, "ok")
        case "/readyz":
            let report = await readiness.evaluate()
            return .text(report.isReady ? .ok : .serviceUnavailable, report.text)
        default:
            return HTTPResponse(status: .ok, contentType: Self.metricsContentType, body: metrics.exposition())
        }
    }
}
