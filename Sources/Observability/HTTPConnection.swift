import NIOCore
import NIOHTTP1

/// Serves the requests of one HTTP/1.1 connection, in order, until the client closes it, asks to close it, or the
/// serving task is cancelled.
enum HTTPConnection {
    typealias Channel = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    static func serve(_ connection: Channel, router: HealthRouter) async {
        do {
            try await connection.executeThenClose { requests, responses in
                var head: HTTPRequestHead?
                for try await part in requests {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                    case .body:
                        continue  // no endpoint takes a body; NIO has already framed it, so just skip it
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        let response = await router.respond(method: request.method, target: request.uri)
                        // Shutting down: close rather than answer with what a cancelled check said.
                        try Task.checkCancellation()
                        try await write(response, to: request, on: responses)
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch {
            // The client went away mid-request or the server is shutting down: the connection is closed either way.
        }
    }

    private static func write(
        _ response: HTTPResponse,
        to request: HTTPRequestHead,
        on responses: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let body = ByteBuffer(string: response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        for (name, value) in response.extraHeaders.sorted(by: { $0.key < $1.key }) {
            headers.add(name: name, value: value)
        }
        if !request.isKeepAlive {
            headers.add(name: "Connection", value: "close")
        } else if request.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        try await responses.write(.head(head))
        if request.method != .HEAD {
            try await responses.write(.body(.byteBuffer(body)))
        }
        try await responses.write(.end(nil))
    }
}
