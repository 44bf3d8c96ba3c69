import Tasks

/// Builds the configured scorer for a task from a config string, e.g. `"verifier+0.2*format"`.
///
/// Built-in names:
/// - `verifier`: the task's own label-free checker — `ArithmeticVerifier` for `arithmetic`,
///   `SQLExecutionScorer` for `sql`, `StatementVerifier` for `docqa`;
/// - `arithmetic`, `sql-execution`, `statement`, `grounding` (`DocumentGroundingScorer`): scorers by name, each
///   only for its task;
/// - `majority`: `MajorityVoteScorer`; `format`: `FormatScorer` (any task);
/// - `random`: `RandomRewardScorer`, a fair coin per completion — a control arm for experiments, never a reward;
/// - `inverted`: `InvertedScorer`, 1 − the task's verifier — a control that rewards wrong answers, for testing gates.
///
/// New scorers (a reward model, an LLM judge, an HTTP scorer) join with `register(_:builder:)`.
public struct ScorerRegistry: Sendable {
    /// Makes a scorer for a task, or throws `ScorerConfigError.notApplicable`.
    public typealias Builder = @Sendable (any TaskFamily) throws -> any Scorer

    private var builders: [String: Builder] = [:]

    /// An empty registry; see `standard` for the built-in scorers.
    public init() {}

    /// The registry with every built-in scorer.
    public static var standard: ScorerRegistry {
        var registry = ScorerRegistry()
        registry.register("verifier") { task in
            switch task {
            case is ArithmeticTask: return ArithmeticVerifier()
            case let sql as SQLTask: return SQLExecutionScorer(task: sql)
            case is DocumentQATask: return StatementVerifier()
            default:
                throw ScorerConfigError.notApplicable(scorer: "verifier", task: task.name, reason: "no built-in verifier")
            }
        }
        registry.register("arithmetic") { task in
            guard task is ArithmeticTask else { throw Self.onlyFor("arithmetic", "arithmetic", task) }
            return ArithmeticVerifier()
        }
        registry.register("sql-execution") { task in
            guard let sql = task as? SQLTask else { throw Self.onlyFor("sql-execution", "sql", task) }
            return SQLExecutionScorer(task: sql)
        }
        registry.register("statement") { task in
            guard task is DocumentQATask else { throw Self.onlyFor("statement", "docqa", task) }
            return StatementVerifier()
        }
        registry.register("grounding") { task in
            guard let docqa = task as? DocumentQATask else { throw Self.onlyFor("grounding", "docqa", task) }
            return DocumentGroundingScorer(task: docqa)
        }
        registry.register("majority") { MajorityVoteScorer(task: $0) }
        registry.register("format") { FormatScorer(task: $0) }
        registry.register("random") { _ in RandomRewardScorer() }
        let verifiers = registry
        registry.register("inverted") { task in InvertedScorer(try verifiers.makeScorer(config: "verifier", for: task)) }
        return registry
    }

    /// Adds or replaces the builder for `name`.
    public mutating func register(_ name: String, builder: @escaping Builder) {
        builders[name] = builder
    }

    /// Registered names, sorted.
    public var names: [String] { builders.keys.sorted() }

    /// The builder registered for `name`.
    public func builder(_ name: String) -> Builder? { builders[name] }

    /// The scorer `config` describes, for `task`: the scorer itself for a single unweighted term,
    /// otherwise a `WeightedScorer` named after the config.
    /// - Throws: `ScorerConfigError` for malformed configs, unknown names (listing the known ones),
    ///   scorers that do not apply to the task, or two terms that resolve to the same scorer.
    public func makeScorer(config: String, for task: any TaskFamily) throws -> any Scorer {
        let parsed = try ScorerConfig(parsing: config)
        var terms: [WeightedScorer.Term] = []
        for term in parsed.terms {
            guard let builder = builders[term.name] else {
                throw ScorerConfigError.unknownScorer(term.name, known: names)
            }
            let scorer = try builder(task)
            guard !terms.contains(where: { $0.scorer.name == scorer.name }) else {
                throw ScorerConfigError.duplicateScorer(term.name, config: config)
            }
            terms.append(WeightedScorer.Term(weight: term.weight, scorer: scorer))
        }
        if terms.count == 1, parsed.terms[0].weight == 1 { return terms[0].scorer }
        return WeightedScorer(name: parsed.description, terms: terms)
    }

    private static func onlyFor(_ scorer: String, _ taskName: String, _ task: any TaskFamily) -> ScorerConfigError {
        .notApplicable(scorer: scorer, task: task.name, reason: "it only scores the '\(taskName)' task")
    }
}

extension ScorerRegistry {
    /// Whether `config` is well formed and names only registered scorers that build for `task` — without building
    /// the names in `deferred` (scorers that load a model or reach a service, whose settings a configuration may give
    /// after the scorer list): for those only the name is checked.
    public func check(config: String, for task: any TaskFamily, deferred: Set<String>) throws {
        let parsed = try ScorerConfig(parsing: config)
        let immediate = parsed.terms.filter { !deferred.contains($0.name) }
        for term in parsed.terms where !names.contains(term.name) {
            throw ScorerConfigError.unknownScorer(term.name, known: names)
        }
        if !immediate.isEmpty {
            _ = try makeScorer(config: immediate.map { "\($0.weight)*\($0.name)" }.joined(separator: "+"), for: task)
        }
    }
}
