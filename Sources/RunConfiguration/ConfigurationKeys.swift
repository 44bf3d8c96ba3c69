/// Every key of the run configuration, section by section, in the order the reference lists them.
public enum ConfigurationKeys {
    /// The file's top-level sections with what each is for (docs/configuration.md's headings).
    public static let sections: [(name: String, summary: String)] = [
        ("run", "Which run this is: its topics, its blob store, how stale work may be."),
        ("security", "Who decides which weights the fleet loads: signed policy announcements (docs/reliability.md)."),
        ("metrics", "Where each process serves /healthz, /readyz and /metrics."),
        ("log", "How each process logs."),
        ("model", "The model a fresh run starts from."),
        ("generator", "How generators sample candidates."),
        ("scorer", "How scorers rate candidates."),
        ("trainer", "How trainers turn scored groups into gradients."),
        ("coordinator", "How the coordinator turns updates into policy versions."),
        ("lora", "The adapter trained over the frozen base."),
        ("kafka", "The Kafka connection; properties pass through to librdkafka."),
        ("fleet", "What `tao up` starts on one machine."),
        ("prompts", "Where `tao up` takes its prompts from."),
        ("serve", "What `tao serve` answers with, where, and what it does with the traffic."),
        ("gate", "How `tao gate` decides which policy version is promoted."),
        ("nightly", "What one `tao nightly` takes, and how long it may run."),
    ]

    public static let all: [ConfigurationKey] = run + generator + scoring + training + connection + serve + nightly

    public static func key(_ path: String) -> ConfigurationKey? { byPath[path] }

    private static let byPath = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0) })
}
