import Foundation
import Scoring

/// The body of one response (docs/schemas/score-response.schema.json): one entry per candidate sent, in order,
/// each a score or the reason the service could not score that candidate:
///
/// ```json
/// {"scores": [{"score": 0.7, "components": {"length": 0.4}}, {"error": "candidate is empty"}]}
/// ```
///
/// Other keys are ignored, so a service may add its own (a model version, timings).
enum ScoreResponse {
    /// One candidate's verdict.
    enum Entry: Equatable {
        case score(Score)
        case error(String)
    }

    /// The entries of `body`, for the candidates at `indices` (their positions in the group).
    /// - Throws: `malformedResponse`, `wrongCount` or `invalidScore`.
    static func parse(_ body: [UInt8], indices: Range<Int>, url: String) throws(HTTPScorerError) -> [Entry] {
        let decoder = JSONDecoder()
        // JSON5 reads the bare NaN and Infinity that Python's json module writes, so they are reported as invalid
        // scores rather than as unreadable bodies.
        decoder.allowsJSON5 = true
        let wire: Wire
        do {
            wire = try decoder.decode(Wire.self, from: Data(body))
        } catch {
            throw .malformedResponse(url: url, detail: Self.explain(error), body: HTTPScorerError.excerpt(body))
        }
        guard wire.scores.count == indices.count else {
            throw .wrongCount(url: url, expected: indices.count, got: wire.scores.count)
        }
        return try zip(indices, wire.scores).map { (index, entry) throws(HTTPScorerError) -> Entry in
            switch entry {
            case .error(let reason): return .error(reason)
            case .invalid(let detail): throw .invalidScore(url: url, index: index, detail: detail)
            case .score(let total, let components):
                guard total.isFinite, (0...1).contains(total) else {
                    throw .invalidScore(url: url, index: index, detail: "score is \(total)")
                }
                if let (name, value) = components.sorted(by: { $0.key < $1.key })
                    .first(where: { !($0.value.isFinite && (0...1).contains($0.value)) })
                {
                    throw .invalidScore(url: url, index: index, detail: "component '\(name)' is \(value)")
                }
                return .score(Score(total: total, components: components))
            }
        }
    }

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context) where context.codingPath.isEmpty:
            return "no '\(key.stringValue)' key"
        case DecodingError.keyNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "the body is not a JSON object"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not JSON" : "\(path(context)): \(context.debugDescription)"
        default: return "the body is not JSON"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private struct Wire: Decodable {
        var scores: [WireEntry]
    }

    /// An entry as sent; wrong types inside an entry become `.invalid`, so the error can name the candidate.
    private enum WireEntry: Decodable {
        case score(Double, [String: Double])
        case error(String)
        case invalid(String)

        enum Keys: String, CodingKey { case score, components, error }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            if c.contains(.error) {
                self = .error((try? c.decode(String.self, forKey: .error)) ?? "(the service gave no reason)")
                return
            }
            guard c.contains(.score) else {
                throw DecodingError.keyNotFound(
                    Keys.score, .init(codingPath: c.codingPath, debugDescription: "an entry has neither 'score' nor 'error'"))
            }
            guard let total = try? c.decode(Double.self, forKey: .score) else {
                self = .invalid("score is not a number")
                return
            }
            guard let components = try? c.decodeIfPresent([String: Double].self, forKey: .components) ?? [:] else {
                self = .invalid("components is not an object of numbers")
                return
            }
            self = .score(total, components)
        }
    }
}
