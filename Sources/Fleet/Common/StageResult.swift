import Kafka
import Messages
import Scoring
import Tasks

/// What a stage made of one record: the records to publish, and what they mean. The one source of a stage's
/// metrics: an observer counts from this, never by decoding what the stage just wrote.
public struct StageResult: Sendable, Equatable {
    public var records: [OutgoingRecord]
    /// Candidates sampled for the prompt (generator).
    public var samples = 0
    /// New tokens sampled (generator).
    public var tokens = 0
    /// The rewards given, one per candidate (scorer).
    public var rewards: [Double] = []
    /// Updates sent (trainer).
    public var updates = 0
    /// The input was dropped because the policy that produced it is too old (trainer).
    public var stale = false

    public init(records: [OutgoingRecord] = []) {
        self.records = records
    }

    /// Nothing to publish: the record was used up (a stale rollout, a group with nothing to teach).
    public static let nothing = StageResult()
}

/// What became of one input record, as the stage's observer hears it after the record's outputs are published.
public enum StageOutcome: Sendable, Equatable {
    case handled(StageResult)
    case deadLettered(DeadLetterCause)
}

/// Why a record went to the dead-letter topic: the reason in words, and a kind from a fixed set for the
/// `tao_dead_letters_total{reason}` label (free text there would grow the number of series without bound).
public struct DeadLetterCause: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Not JSON, or not the fields its schema has.
        case decode
        /// Another schema or version, or none.
        case schema
        /// Decoded, but breaks a rule the stage checks (versions, ids, sizes, ranges, finiteness).
        case invalid
        /// The configured scorer cannot score it (an unknown task, a scorer error).
        case scoring
        /// Its outputs are larger than the broker accepts.
        case tooLarge = "too-large"
        /// A policy announcement that cannot be loaded.
        case policy
        /// Unsigned, or a signature no trusted key verifies.
        case signature
    }

    public let kind: Kind
    public let reason: String

    public init(_ kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The cause of a record whose handling threw `error`.
    public init(_ error: any Error) {
        let kind: Kind
        switch error {
        case let wire as WireError:
            switch wire {
            case .notJSON, .malformed: kind = .decode
            case .missingSchema, .wrongSchema: kind = .schema
            }
        case is ScoringError, is ScorerConfigError, is TaskLookupError: kind = .scoring
        case is SignatureError: kind = .signature
        case let kafka as KafkaError where kafka.code == .messageTooLarge: kind = .tooLarge
        default: kind = .invalid
        }
        self.init(kind, reason: "\(error)")
    }
}
