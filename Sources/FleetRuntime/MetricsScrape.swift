import AsyncHTTPClient
import Foundation
import NIOCore

/// A worker's `/metrics` page, fetched and parsed just enough to sum series: `name{labels} value` lines.
public struct MetricsScrape: Sendable {
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public var samples: [Sample]

    /// Fetches `url` (2 s timeout). With AsyncHTTPClient, not URLSession: swift-corelibs-foundation's URLSession
    /// crashed the supervisor ("Trying to access a behaviour for a task that in not in the registry", in
    /// `URLSessionTask.cancel`) when a scrape of a child that was being killed failed while it was cancelled.
    public static func fetch(_ url: URL) async throws -> MetricsScrape {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(2))
        guard response.status == .ok else { throw MetricsScrapeError.status(Int(response.status.code), url: url) }
        let body = try await response.body.collect(upTo: 16 << 20)
        return MetricsScrape(text: String(buffer: body))
    }

    /// Parses the Prometheus text format (comments skipped; label values without escaped quotes).
    public init(text: String) {
        samples = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [:], value: value)
            }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)...].dropLast().split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { labels[String(parts[0])] = String(parts[1].trimmingCharacters(in: ["\""])) }
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The sum of every series of `name` whose labels include `matching`.
    public func sum(_ name: String, matching: [String: String] = [:]) -> Double {
        samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }
}

public enum MetricsScrapeError: Error, CustomStringConvertible {
    case status(Int, url: URL)

    public var description: String {
        switch self {
        case .status(let code, let url): "GET \(url) answered HTTP \(code), not 200"
        }
    }
}
