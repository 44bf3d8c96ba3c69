/// How to choose each next token.
public struct SamplingParameters: Sendable, Equatable, Codable {
    /// 0 means greedy (argmax); otherwise logits are divided by it before the softmax.
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability sums to at least this; 1 keeps all.
    public var topP: Float
    public var maxNewTokens: Int
    /// Generation stops when the decoded output ends with one of these; the stop text is not returned.
    public var stopSequences: [String]
    /// Makes the output reproducible: the same seed, prompt, parameters and weights give the same tokens.
    public var seed: UInt64
    /// Generation also ends (finish reason `eos`, the token kept) at any of these ids, besides the tokenizer's
    /// end-of-sequence ids: e.g. a chat template's end-of-turn token (``ChatFormat/endOfTurnTokenIds``).
    public var stopTokenIds: [Int]

    public init(
        temperature: Float = 1, topK: Int = 0, topP: Float = 1, maxNewTokens: Int = 64,
        stopSequences: [String] = [], seed: UInt64 = 0, stopTokenIds: [Int] = []
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.maxNewTokens = maxNewTokens
        self.stopSequences = stopSequences
        self.seed = seed
        self.stopTokenIds = stopTokenIds
    }

    enum CodingKeys: String, CodingKey { case temperature, topK, topP, maxNewTokens, stopSequences, seed, stopTokenIds }

    /// Settings written before `stopTokenIds` existed decode with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            temperature: try c.decode(Float.self, forKey: .temperature), topK: try c.decode(Int.self, forKey: .topK),
            topP: try c.decode(Float.self, forKey: .topP), maxNewTokens: try c.decode(Int.self, forKey: .maxNewTokens),
            stopSequences: try c.decode([String].self, forKey: .stopSequences),
            seed: try c.decode(UInt64.self, forKey: .seed),
            stopTokenIds: try c.decodeIfPresent([Int].self, forKey: .stopTokenIds) ?? [])
    }

    public static let greedy = SamplingParameters(temperature: 0)

    /// Throws a message naming the bad value and its valid range.
    public func validate() throws {
        func fail(_ message: String) -> SamplingError { SamplingError(message: message) }
        guard temperature.isFinite, temperature >= 0 else {
            throw fail("temperature must be 0 (greedy) or positive, got \(temperature)")
        }
        guard topK >= 0 else { throw fail("top-k must be 0 (off) or positive, got \(topK)") }
        guard topP > 0, topP <= 1 else { throw fail("top-p must be in (0, 1], got \(topP)") }
        guard maxNewTokens >= 1 else { throw fail("max new tokens must be at least 1, got \(maxNewTokens)") }
        guard !stopSequences.contains("") else { throw fail("a stop sequence must not be empty") }
    }
}

public struct SamplingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}

/// Why a completion ended.
public enum FinishReason: String, Sendable, Codable, Equatable {
    /// The model produced its end-of-sequence token.
    case eos
    /// The output ended with a stop sequence.
    case stop
    /// `maxNewTokens` were generated.
    case length
}
