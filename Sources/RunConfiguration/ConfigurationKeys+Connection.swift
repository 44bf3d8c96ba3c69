import Tasks

extension ConfigurationKeys {
    static let connection: [ConfigurationKey] = [
        .optionalText(
            "kafka.bootstrap", \.kafka.bootstrap, flag: "--kafka-bootstrap", allowed: "host:port[,host:port…], or ~",
            "Kafka bootstrap servers; ~ is 127.0.0.1:9092."),
        .textMap(
            "kafka.properties", \.kafka.properties, flag: "--kafka-option",
            allowed: "a mapping of librdkafka property names to values",
            "librdkafka properties for every client (security.protocol, sasl.*, ssl.*, timeouts). From the "
                + "environment, each is its own variable: TAO_KAFKA_<PROPERTY> (capitals, '.' → '_'). Secrets "
                + "are better given there than in the file; --dry-run hides their values."),
        .text("fleet.run-dir", \.fleet.runDir, flag: "--run-dir", allowed: "a directory path", "Directory for the blob store, checkpoint, fleet.log and the children's configuration."),
        .integer("fleet.generators", \.fleet.generators, flag: "--generators", range: 1...Int.max, "Generator processes."),
        .integer("fleet.scorers", \.fleet.scorers, flag: "--scorers (tao up)", range: 1...Int.max, "Scorer processes."),
        .integer("fleet.trainers", \.fleet.trainers, flag: "--trainers", range: 1...Int.max, "Trainer processes."),
        .boolean("fleet.standby-coordinator", \.fleet.standbyCoordinator, flag: "--standby-coordinator", "Also start a standby coordinator that takes over if the active one dies."),
        .optionalText("prompts.file", \.prompts.file, flag: "--prompts", allowed: "a path, or ~", "Prompts to feed: JSON lines of {\"id\", \"task\", \"text\"}."),
        .optionalText(
            "prompts.task", \.prompts.task, flag: "--task",
            allowed: "a built-in task (" + BuiltInTasks.names.joined(separator: ", ") + "), or ~",
            check: { BuiltInTasks.names.contains($0) }, "Also feed generated prompts of this built-in task."),
        .integer("prompts.count", \.prompts.count, flag: "--count", "How many prompts.task prompts."),
        .unsigned("prompts.seed", \.prompts.seed, flag: "--prompt-seed", "Seed of the prompts.task prompts."),
    ]
}
