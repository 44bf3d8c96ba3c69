import Foundation

/// Encodes and decodes wire messages as JSON with their `schema` field, with errors that say what was wrong.
public enum WireCodec {
    /// JSON with sorted keys: the same message always has the same bytes.
    public static func encode<M: WireMessage>(_ message: M) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(Envelope(message: message)))
    }

    /// Decodes a `M`, checking its schema name and version first.
    /// - Parameter acceptMissingSchema: take a value with no `schema` field as the current version (for prompts
    ///   written by hand or by other programs).
    public static func decode<M: WireMessage>(
        _ type: M.Type, from bytes: [UInt8], acceptMissingSchema: Bool = false
    ) throws -> M {
        let data = Data(bytes)
        let probe: SchemaProbe
        do {
            probe = try JSONDecoder().decode(SchemaProbe.self, from: data)
        } catch {
            throw WireError.notJSON(expected: M.schema, detail: describe(error))
        }
        switch probe.schema {
        case nil where !acceptMissingSchema:
            throw WireError.missingSchema(expected: M.schema)
        case let found? where found != M.schema:
            throw WireError.wrongSchema(expected: M.schema, found: found)
        default:
            break
        }
        do {
            return try JSONDecoder().decode(M.self, from: data)
        } catch {
            throw WireError.malformed(schema: M.schema, detail: describe(error))
        }
    }

    /// A decoding error in words: which field, what was wrong.
    private static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'\(keys.joined(separator: "."))'"
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "the required field '\(key.stringValue)' is missing at \(path(context))"
        case .typeMismatch(let type, let context)?:
            return "\(path(context)) should be a \(type)"
        case .valueNotFound(let type, let context)?:
            return "\(path(context)) is null but should be a \(type)"
        case .dataCorrupted(let context)?:
            return "\(path(context)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Writes the message's own fields and `schema` side by side in one JSON object.
private struct Envelope<M: WireMessage>: Encodable {
    let message: M
    enum CodingKeys: String, CodingKey { case schema }

    func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(M.schema, forKey: .schema)
    }
}

private struct SchemaProbe: Decodable {
    let schema: String?
}

public enum WireError: Error, CustomStringConvertible, Equatable {
    case notJSON(expected: String, detail: String)
    case missingSchema(expected: String)
    case wrongSchema(expected: String, found: String)
    case malformed(schema: String, detail: String)

    public var description: String {
        switch self {
        case .notJSON(let expected, let detail):
            return "expected a JSON \(expected) message but the bytes are not a JSON object (\(detail))"
        case .missingSchema(let expected):
            return "expected a \(expected) message but it has no 'schema' field: was it written by another program?"
        case .wrongSchema(let expected, let found):
            return "expected a \(expected) message but found \(found): a producer and a consumer of different "
                + "versions or runs share this topic; run matching versions, or give each run its own run id"
        case .malformed(let schema, let detail):
            return "malformed \(schema) message: \(detail)"
        }
    }
}
