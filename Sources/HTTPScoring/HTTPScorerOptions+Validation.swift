import Foundation

/// What is wrong with an `HTTPScorerOptions` value, and what to do about it.
public struct HTTPScorerOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending field, as spelled in `HTTPScorerOptions` (e.g. `"timeout"`).
    public var field: String
    /// What is wrong and what would be accepted.
    public var problem: String

    public var description: String { "http scorer option '\(field)': \(problem)" }
}

extension HTTPScorerOptions {
    /// Throws the first problem found, in field order: a URL that is not http(s) with a host, a time that is not a
    /// positive finite number of seconds, a count out of range, a fallback outside [0, 1], a header that cannot be
    /// sent, an `Authorization` header given twice, or a `bearerTokenEnv` naming an unset variable.
    public func validate(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(HTTPScorerOptionsError)
    {
        func fail(_ field: String, _ problem: String) -> HTTPScorerOptionsError {
            HTTPScorerOptionsError(field: field, problem: problem)
        }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = parsed.host, !host.isEmpty
        else {
            throw fail("url", "'\(Endpoint.redact(url))' is not an http(s) URL with a host; write e.g. http://127.0.0.1:8080/score")
        }
        for (field, value) in [("timeout", timeout), ("backoffBase", backoffBase), ("backoffMax", backoffMax),
                               ("breakerCooldown", breakerCooldown)]
        where !(value.isFinite && value > 0) {
            throw fail(field, "\(value) is not a positive number of seconds; write e.g. \(field == "timeout" ? "10" : "0.5")")
        }
        guard backoffMax >= backoffBase else {
            throw fail("backoffMax", "\(backoffMax) s is below backoffBase (\(backoffBase) s); raise it or lower backoffBase")
        }
        guard (0...20).contains(retries) else { throw fail("retries", "\(retries) is not in 0...20; 3 is usual") }
        for (field, value) in [("maxConcurrentRequests", maxConcurrentRequests), ("batchSize", batchSize),
                               ("breakerThreshold", breakerThreshold)]
        where value < 1 {
            throw fail(field, "\(value) is not a positive whole number; write at least 1")
        }
        if let fallback, !(fallback.isFinite && (0...1).contains(fallback)) {
            throw fail("fallback", "\(fallback) is not a score in [0, 1]; write e.g. 0, or leave it out to dead-letter on failure")
        }
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw fail("headers", "'\(name)' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)")
            }
            // The value may be a secret: say what is wrong without showing it.
            guard !Self.hasLineBreak(value) else {
                throw fail("headers", "the value of '\(name)' contains a line break; remove it")
            }
            if name.lowercased() == "authorization", bearerTokenEnv != nil {
                throw fail("headers", "'Authorization' is set here and by bearerTokenEnv; keep one")
            }
        }
        if let variable = bearerTokenEnv {
            guard let token = environment[variable], !token.isEmpty else {
                throw fail("bearerTokenEnv", "the environment variable \(variable) is not set or empty; export it or remove bearerTokenEnv")
            }
            guard !Self.hasLineBreak(token) else {
                throw fail("bearerTokenEnv", "the token in \(variable) contains a line break; remove it")
            }
        }
    }

    /// The headers every request carries: JSON in and out, the configured ones, the bearer token if any.
    /// Call after `validate(environment:)`.
    func requestHeaders(environment: [String: String]) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("Accept", "application/json"), ("User-Agent", "tao-fleet-http-scorer/1"),
        ]
        result += headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let variable = bearerTokenEnv, let token = environment[variable] {
            result.append(("Authorization", "Bearer \(token)"))
        }
        return result
    }

    /// Scalars, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    private static func hasLineBreak(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension HTTPScorerOptions: CustomStringConvertible {
    /// The options as a log line may show them: the URL without user, password or query, header names without values.
    public var description: String {
        var fields = [
            "url: \(Endpoint.redact(url))", "timeout: \(timeout)", "retries: \(retries)", "backoffBase: \(backoffBase)",
            "backoffMax: \(backoffMax)", "maxConcurrentRequests: \(maxConcurrentRequests)", "batchSize: \(batchSize)",
            "breakerThreshold: \(breakerThreshold)", "breakerCooldown: \(breakerCooldown)",
            "fallback: \(fallback.map { "\($0)" } ?? "none")",
        ]
        if !headers.isEmpty { fields.append("headers: \(headers.keys.sorted().joined(separator: ", "))") }
        if let bearerTokenEnv { fields.append("bearerTokenEnv: \(bearerTokenEnv)") }
        return "HTTPScorerOptions(\(fields.joined(separator: ", ")))"
    }
}
