import Foundation

/// Where an S3 blob store keeps its blobs, and how to reach it: the bucket, a key prefix, the endpoint (AWS, MinIO,
/// any S3-compatible server), the region it signs for, and path-style or virtual-host addressing.
///
/// Written as one string wherever a blob store is configured (`run.blob-store`):
/// `s3://tao-blobs/run1?endpoint=http://minio:9000&region=us-east-1&addressing=path`. Without `endpoint`, AWS's
/// `https://s3.<region>.amazonaws.com` with virtual-host addressing.
public struct S3Location: Sendable, Equatable {
    public enum Addressing: String, Sendable, CaseIterable {
        /// `https://endpoint/bucket/key`: MinIO, moto, most self-hosted servers.
        case path
        /// `https://bucket.endpoint/key`: AWS's default.
        case virtual
    }

    public var bucket: String
    /// Keys are `<prefix>/<sha256>`; empty puts blobs at the bucket's root.
    public var prefix: String
    public var endpoint: URL
    public var region: String
    public var addressing: Addressing

    public init(bucket: String, prefix: String = "", endpoint: URL, region: String = "us-east-1", addressing: Addressing = .path) {
        self.bucket = bucket
        self.prefix = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.endpoint = endpoint
        self.region = region
        self.addressing = addressing
    }

    /// Whether `text` names an S3 store (starts with `s3://`).
    public static func isS3(_ text: String) -> Bool { text.hasPrefix("s3://") }

    /// Parses `s3://bucket[/prefix][?endpoint=URL&region=R&addressing=path|virtual]`.
    public init(parsing text: String) throws {
        guard Self.isS3(text), let components = URLComponents(string: text), let bucket = components.host, !bucket.isEmpty
        else { throw S3Error.badLocation(text, "write s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION&addressing=path|virtual]") }
        guard bucket.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }), (3...63).contains(bucket.count) else {
            throw S3Error.badLocation(text, "a bucket name has 3 to 63 lowercase letters, digits, '-' or '.'")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["endpoint", "region", "addressing"].contains(item.name), let value = item.value, !value.isEmpty else {
                throw S3Error.badLocation(text, "unknown or empty parameter '\(item.name)': the parameters are endpoint, region and addressing")
            }
            query[item.name] = value
        }
        let region = query["region"] ?? "us-east-1"
        let addressing: Addressing
        if let given = query["addressing"] {
            guard let parsed = Addressing(rawValue: given) else {
                throw S3Error.badLocation(text, "addressing is path or virtual, not '\(given)'")
            }
            addressing = parsed
        } else {
            addressing = query["endpoint"] == nil ? .virtual : .path
        }
        let endpointText = query["endpoint"] ?? "https://s3.\(region).amazonaws.com"
        guard let endpoint = URL(string: endpointText), ["http", "https"].contains(endpoint.scheme ?? ""), endpoint.host != nil
        else { throw S3Error.badLocation(text, "endpoint must be an http:// or https:// URL, not '\(endpointText)'") }
        self.init(bucket: bucket, prefix: components.path, endpoint: endpoint, region: region, addressing: addressing)
    }

    /// The object key of `name` under the prefix.
    public func key(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix)/\(name)" }

    /// The host header and the URL path (unencoded) of `key`.
    func target(_ key: String) -> (host: String, path: String, base: String) {
        let scheme = endpoint.scheme ?? "https"
        let port = endpoint.port.map { ":\($0)" } ?? ""
        let host = endpoint.host ?? ""
        switch addressing {
        case .path:
            return ("\(host)\(port)", "/\(bucket)/\(key)", "\(scheme)://\(host)\(port)")
        case .virtual:
            return ("\(bucket).\(host)\(port)", "/\(key)", "\(scheme)://\(bucket).\(host)\(port)")
        }
    }
}

public enum S3Error: Error, Equatable, CustomStringConvertible {
    case badLocation(String, String)
    case missingCredentials(String)
    /// The server answered `status` to `operation` on `key`; `code` and `message` from its XML error when it sent one.
    case status(operation: String, key: String, status: Int, code: String?, message: String?)
    case timedOut(operation: String, key: String, after: Duration, attempts: Int)
    case transport(operation: String, key: String, detail: String, attempts: Int)
    case malformedResponse(operation: String, detail: String)

    public var description: String {
        switch self {
        case .badLocation(let text, let what): "'\(text)' is not an S3 blob store: \(what)"
        case .missingCredentials(let what): "no S3 credentials: \(what)"
        case .status(let operation, let key, let status, let code, let message):
            "S3 \(operation) \(key) failed with HTTP \(status)" + (code.map { " \($0)" } ?? "") + (message.map { ": \($0)" } ?? "")
                + (status == 403 ? " (check the access key, the secret and the region)" : "")
        case .timedOut(let operation, let key, let after, let attempts):
            "S3 \(operation) \(key): no answer within \(after), \(attempts) attempts; the object store is stalled or unreachable"
        case .transport(let operation, let key, let detail, let attempts):
            "S3 \(operation) \(key) failed after \(attempts) attempts: \(detail)"
        case .malformedResponse(let operation, let detail): "S3 \(operation): unexpected response: \(detail)"
        }
    }
}
