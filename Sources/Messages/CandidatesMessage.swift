/// The N samples one generator drew for one prompt with one policy version, on the `candidates` topic.
public struct CandidatesMessage: WireMessage, Equatable {
    public static let schemaName = "tao.candidates"
    public static let schemaVersion = 1

    /// `<prompt id>@v<policy version>`: sampling the same prompt with the same policy yields the same id.
    public var id: String
    public var prompt: PromptMessage
    /// The policy version that sampled every candidate here.
    public var policyVersion: Int
    /// The templated prompt's token ids.
    public var promptTokens: [Int]
    public var samples: [Sample]

    public init(prompt: PromptMessage, policyVersion: Int, promptTokens: [Int], samples: [Sample]) {
        self.id = Self.id(promptID: prompt.id, policyVersion: policyVersion)
        self.prompt = prompt
        self.policyVersion = policyVersion
        self.promptTokens = promptTokens
        self.samples = samples
    }

    public static func id(promptID: String, policyVersion: Int) -> String {
        RolloutID.make(promptID: promptID, policyVersion: policyVersion)
    }

    /// One completion.
    public struct Sample: Codable, Sendable, Equatable {
        /// 0..<N within the group.
        public var index: Int
        /// The completion's token ids (prompt excluded).
        public var tokens: [Int]
        /// `rolloutLogProbs`: log-probability of each token under the sampling policy (same count as `tokens`).
        public var rolloutLogProbs: [Float]
        public var text: String
        /// `eos`, `stop` or `length`.
        public var finishReason: String

        public init(index: Int, tokens: [Int], rolloutLogProbs: [Float], text: String, finishReason: String) {
            self.index = index
            self.tokens = tokens
            self.rolloutLogProbs = rolloutLogProbs
            self.text = text
            self.finishReason = finishReason
        }
    }
}
