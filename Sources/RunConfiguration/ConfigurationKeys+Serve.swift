import Foundation
import Yams
import Tasks

extension ConfigurationKeys {
    static let serve: [ConfigurationKey] = [
        .text("serve.host", \.serve.host, flag: "--host", "Address `tao serve` binds (0.0.0.0 in a container)."),
        .integer("serve.port", \.serve.port, flag: "--port", range: 0...65535, "Port of the API, /healthz, /readyz and /metrics (0 picks a free one and prints it)."),
        .text(
            "serve.model-name", \.serve.modelName, flag: "--model-name", allowed: "a non-empty string", check: { !$0.isEmpty },
            "The model id clients send and GET /v1/models lists."),
        .optionalText(
            "serve.model", \.serve.model, flag: "--model", allowed: "a directory path, or ~",
            "A Hugging Face Llama directory to answer with until the run's policy topic announces a version (with follow: none, the only one)."),
        .choice(
            "serve.follow", \.serve.follow, flag: "--follow",
            "promoted: answer with the version the promotion record names (tao gate, tao promote, tao rollback); newest: "
                + "each version the coordinator announces; none: serve.model only. A new version is swapped in without failing a request in flight."),
        .integer("serve.max-batch", \.serve.maxBatch, flag: "--max-batch", range: 1...256, "Most requests decoded together in one batch."),
        .integer("serve.max-tokens", \.serve.maxTokens, flag: "--max-tokens", range: 1...Int.max, "A request's max_tokens when it gives none, and the most it may ask for."),
        .boolean("serve.traffic.enabled", \.serve.traffic.enabled, flag: "--traffic", "Write every served prompt to <run>.prompts, so traffic becomes tuning data."),
        .number("serve.traffic.sample-rate", \.serve.traffic.sampleRate, range: 0...1, "The fraction of requests whose prompt is written, chosen by a hash of the request id."),
        .integer(
            "serve.traffic.buffer", \.serve.traffic.buffer, range: 1...Int.max,
            "Prompts waiting for the producer; beyond it they are dropped and counted (tao_serve_traffic_dropped_total): a request never waits on Kafka."),
        .text("serve.traffic.task", \.serve.traffic.task, allowed: "a task name", check: { !$0.isEmpty }, "The task a served prompt is tuned as, unless the request's metadata.task names one."),
        redact,
        .optionalText(
            "gate.scorer-audit", \.gate.scorerAudit, allowed: "a path to `tao scorer audit --report` JSON, or ~",
            "Without a dev file: the audit of the run's scorer on labeled prompts. The label-free gate refuses every version while it says the scorer does not help or does not beat the random control."),
        .optionalText("gate.dev-file", \.gate.devFile, flag: "--dev-file", allowed: "a path, or ~", "Labeled dev prompts (JSON lines with answers) whose greedy pass@1 a version must not lose to be promoted. Without one, the gate measures held-back traffic instead (gate.held-back); never the evaluation split."),
        .text(
            "gate.task", \.gate.task, flag: "--task", allowed: "a built-in task (" + BuiltInTasks.names.joined(separator: ", ") + ")",
            check: { BuiltInTasks.names.contains($0) }, "The task whose rules check the dev file's answers."),
        .number("gate.tolerance", \.gate.tolerance, flag: "--tolerance", range: 0...1, "Largest accepted drop in dev pass@1 (0.02: 2 points) — or, label-free, in the held-back mean score — against the promoted version, for measurement noise."),
        .number(
            "gate.held-back", \.settings.generator.heldBack, range: 0...0.5,
            "The fraction of prompts (by a hash of the id) no version is trained on: generators skip them. With no gate.dev-file the gate measures versions by the scorer's mean on them (label-free); 0 holds none back."),
        .integer(
            "gate.held-back-prompts", \.gate.heldBackPrompts, range: 1...Int.max,
            "Without a dev file: how many of the newest held-back prompts a version is measured on (each sampled as the generators sample)."),
        .integer("gate.every", \.gate.every, flag: "--every", range: 1...Int.max, "Judge a version only when it is this many versions past the last one judged (evaluating costs time)."),
    ]

    /// Patterns are compiled when read, so a bad one fails at start-up with its key, not on the first request.
    private static let redact = ConfigurationKey(
        "serve.traffic.redact", flag: nil, shape: .list, allowed: "a list of regular expressions (ICU syntax)",
        summary: "Matches are replaced by [redacted] in a prompt before it leaves the server (e-mail addresses, keys, names). "
            + "The one place to strip what must not reach the tuning data.",
        read: { node, c in
            guard let items = node.sequence?.compactMap(ConfigurationKey.scalarText) ?? (ConfigurationKey.isNull(node) ? [] : nil),
                  items.allSatisfy({ (try? NSRegularExpression(pattern: $0)) != nil })
            else { return false }
            c.serve.traffic.redact = items
            return true
        },
        render: { Node($0.serve.traffic.redact.map { Node($0) }) })
}
