/// Every option of a run's stages, as one typed value: the shared part (run id, blob store, metrics, staleness) and
/// one part per stage.
///
/// The run configuration (the RunConfiguration module) reads a YAML file, environment variables and flags into it,
/// checking every value; the services take their parts through `RunSettings+Services.swift`. A new setting is a
/// field here, a key in RunConfiguration's catalogue and, if it has one, a flag in its TaoCLI option group.
public struct RunSettings: Codable, Equatable, Sendable {
    public var shared: Shared
    public var generator: Generator
    public var scorer: Scorer
    public var trainer: Trainer
    public var coordinator: Coordinator

    public init(
        shared: Shared, generator: Generator = Generator(), scorer: Scorer = Scorer(), trainer: Trainer = Trainer(),
        coordinator: Coordinator
    ) {
        self.shared = shared
        self.generator = generator
        self.scorer = scorer
        self.trainer = trainer
        self.coordinator = coordinator
    }
}
