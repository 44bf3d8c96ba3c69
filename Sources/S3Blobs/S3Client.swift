import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Signed requests to one bucket, each with a timeout, retried with exponential backoff and full jitter on what may
/// pass (a 5xx, 408, 429, a timeout, a dropped connection); any other 4xx is the caller's and thrown at once.
public struct S3Client: Sendable {
    public struct Retry: Sendable, Equatable {
        public var attempts: Int
        public var initialDelay: Duration
        public var maxDelay: Duration

        public init(attempts: Int = 5, initialDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
            self.attempts = attempts
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]
    }

    public let location: S3Location
    let signer: SigV4
    public let timeout: Duration
    public let retry: Retry
    let http: HTTPClient

    public init(location: S3Location, credentials: S3Credentials, timeout: Duration = .seconds(30), retry: Retry = Retry()) {
        self.location = location
        signer = SigV4(credentials: credentials, region: location.region)
        self.timeout = timeout
        self.retry = retry
        http = HTTPClient.shared
    }

    /// Sends one request for `key` (retried as above); statuses in `accept` are answers, any other is thrown.
    public func send(
        _ method: HTTPMethod, key: String, query: [(String, String)] = [], body: [UInt8] = [],
        headers: [String: String] = [:], accept: Set<Int> = [200], operation: String
    ) async throws -> Response {
        var attempt = 0
        var delay = retry.initialDelay
        while true {
            attempt += 1
            do {
                let response = try await once(method, key: key, query: query, body: body, headers: headers)
                if accept.contains(response.status) { return response }
                let error = Self.statusError(response, operation: operation, key: key)
                guard Self.retryable(response.status), attempt < retry.attempts else { throw error }
            } catch let error as S3Error {
                throw error
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                guard attempt < retry.attempts else {
                    throw S3Error.timedOut(operation: operation, key: key, after: timeout, attempts: attempt)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                guard attempt < retry.attempts else {
                    throw S3Error.transport(operation: operation, key: key, detail: "\(error)", attempts: attempt)
                }
            }
            // Full jitter: a random wait up to the current delay, so clients that failed together retry apart.
            let wait = Double.random(in: 0...1) * Double(delay.components.seconds) + Double.random(in: 0...1)
                * Double(delay.components.attoseconds) / 1e18
            try await Task.sleep(for: .seconds(wait))
            delay = min(delay * 2, retry.maxDelay)
        }
    }

    private func once(
        _ method: HTTPMethod, key: String, query: [(String, String)], body: [UInt8], headers: [String: String]
    ) async throws -> Response {
        let (host, path, base) = location.target(key)
        let signed = signer.sign(
            method: method.rawValue, host: host, path: path, query: query, headers: headers,
            payloadSHA256: SigV4.payloadHash(body), date: Date())
        var components = URLComponents()
        components.percentEncodedPath = SigV4.encode(path, keepSlash: true)
        if !query.isEmpty {
            components.percentEncodedQuery = query.map { "\(SigV4.encode($0.0))=\(SigV4.encode($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: base + (components.string ?? path))
        request.method = method
        for (name, value) in headers.merging(signed, uniquingKeysWith: { $1 }) { request.headers.add(name: name, value: value) }
        if !body.isEmpty || method == .PUT || method == .POST {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .init(timeout))
        let bytes = try await response.body.collect(upTo: 1 << 31)
        return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
    }

    static func retryable(_ status: Int) -> Bool { status >= 500 || status == 408 || status == 429 }

    static func statusError(_ response: Response, operation: String, key: String) -> S3Error {
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        return .status(
            operation: operation, key: key, status: response.status, code: xmlValue("Code", in: text),
            message: xmlValue("Message", in: text))
    }

    /// The text of the first `<name>…</name>` in `xml` (S3's answers are small and flat).
    static func xmlValue(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
