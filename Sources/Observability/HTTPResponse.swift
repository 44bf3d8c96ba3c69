import NIOHTTP1

/// A complete response from the health router: status, content type and a small text body.
struct HTTPResponse: Sendable, Equatable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: String
    /// Headers beyond `Content-Type`, `Content-Length` and `Connection`, e.g. `Allow` on a 405.
    var extraHeaders: [String: String] = [:]

    static let plainText = "text/plain; charset=utf-8"

    static func text(_ status: HTTPResponseStatus, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: plainText, body: body)
    }
}
