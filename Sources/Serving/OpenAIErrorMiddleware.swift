import Foundation
import Hummingbird
import Observability

/// Turns every error into OpenAI's JSON error with its status — a request's own (``OpenAIError``), a route that does
/// not exist, a body too large, anything unexpected — and counts each response by route and status.
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = Self.route(request.uri.path)
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as OpenAIError {
            response = Self.response(error)
        } catch let error as HTTPError where error.status == .notFound {
            response = Self.response(OpenAIError(status: 404, message: "Invalid URL (\(request.method) \(request.uri.path))"))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            response = Self.response(OpenAIError(
                status: 413, message: "The request body is larger than \(ServeRoutes.maxBody >> 20) MiB."))
        } catch let error as HTTPError {
            response = Self.response(OpenAIError(status: Int(error.status.code), message: error.body ?? "\(error.status)"))
        } catch {
            response = Self.response(.server("\(error)"))
        }
        FleetMetric.serveRequests.counter(["stage": "serve", "route": route, "status": String(response.status.code)]).increment()
        return response
    }

    static func response(_ error: OpenAIError) -> Response {
        Response(status: HTTPResponse.Status(code: error.status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(error.json))))
    }

    /// A bounded label for the metrics: which endpoint, never the raw path.
    static func route(_ path: String) -> String {
        switch path {
        case "/v1/chat/completions": "chat"
        case "/v1/completions": "completions"
        case "/v1/models": "models"
        case "/healthz", "/readyz", "/metrics": "health"
        default: path.hasPrefix("/v1/models/") ? "models" : "other"
        }
    }
}
