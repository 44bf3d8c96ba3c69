import S3Blobs
extension ConfigurationKeys {
    static let run: [ConfigurationKey] = [
        .text(
            "run.id", \.settings.shared.runId, flag: "--run-id", allowed: "letters, digits, '.', '_' and '-'",
            check: { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) } },
            "Topic names start with it: <id>.prompts, .candidates, .rollouts, .updates, .policy, .dead-letter."),
        .text(
            "run.blob-store", \.settings.shared.blobStore, flag: "--blob-store",
            allowed: "a directory path, or s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION&addressing=path|virtual]",
            check: { !S3Location.isS3($0) || (try? S3Location(parsing: $0)) != nil },
            "The shared blob store (weights, gradients, optimiser state), the same for every stage: a directory, or an "
                + "S3-compatible object store (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or their _FILE "
                + "variants). Required by the stages."),
        .integer(
            "run.max-lag", \.settings.shared.maxLag, flag: "--max-lag",
            "Staleness limit: work from a policy more than this many versions behind the newest is not used."),
        .optionalText(
            "security.signing-key", \.settings.shared.signingKey, flag: "--signing-key",
            allowed: "a file holding a base64 Ed25519 private key, base64:<key>, or ~ for none",
            "The coordinator signs every policy announcement with it, and each trainer every update (tao keys generate "
                + "makes one). Give the secret by TAO_SECURITY_SIGNING_KEY=base64:… or a mounted file; it is never logged."),
        .texts(
            "security.trusted-keys", \.settings.shared.trustedKeys, flag: "--trusted-key",
            "Public keys (files, or base64:<key>) whose signatures generators, trainers and tao serve accept on "
                + "announcements, and the coordinator on updates; when any is given, an unsigned or wrongly signed one is "
                + "dead-lettered. List the old and the new key while rotating."),
        .text("metrics.host", \.settings.shared.metricsHost, flag: "--metrics-host", "Address the health and metrics server binds (0.0.0.0 in a container)."),
        .choice("log.format", \.log.format, "text (swift-log's lines) or json (one object per line, for a log collector); on standard error."),
        .choice("log.level", \.log.level, "The least severe message logged."),
        .optionalInteger(
            "metrics.port", \.settings.shared.metricsPort, flag: "--metrics-port", range: 0...65535,
            "Port of /healthz, /readyz and /metrics (0 picks a free one and prints it); ~ serves none."),
        .text(
            "model.base", \.settings.coordinator.baseModel, flag: "--base-model", allowed: "a directory path",
            "Hugging Face Llama directory (config.json, safetensors, tokenizer.json) a fresh run starts from. "
                + "Required by the coordinator."),
    ]
}
