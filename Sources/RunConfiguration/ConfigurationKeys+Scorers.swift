import ModelScorers
import Yams

extension ConfigurationKeys {
    /// The reward model, the LLM judge and the HTTP scorer (docs/scoring.md).
    static let modelScorers: [ConfigurationKey] = httpScorer + [
        .optionalText(
            "scorer.reward-model.path", \.settings.scorer.models.rewardModel,
            allowed: "a directory `tao reward-model train` wrote, or ~ for none",
            "The reward model the `reward-model` scorer term loads."),
        .integer(
            "scorer.reward-model.batch-size", \.settings.scorer.models.rewardModelBatchSize, range: 1...4096,
            "Candidates per forward pass of the reward model."),
        .optionalText(
            "scorer.judge.model", \.settings.scorer.models.judgeModel,
            allowed: "a Hugging Face model directory or a .gguf file, or ~ for none",
            "The model the `judge` scorer term asks; any model the engine loads, not necessarily the policy."),
        .choice("scorer.judge.mode", \.settings.scorer.models.judgeMode,
                "yes-no: P(yes) of the first reply token; grade: the expected 1–10 grade; pairwise: win rate against the group, both orders."),
        .optionalText(
            "scorer.judge.template", \.settings.scorer.models.judgeTemplate,
            allowed: "a template with {prompt} and {response} ({response_a}, {response_b} for pairwise), or ~ for the mode's default",
            check: { text in text.contains("{prompt}") && (text.contains("{response}") || text.contains("{response_a}")) },
            "The judge's question; filled and sent as one user turn through the judge's chat template."),
        .integer(
            "scorer.judge.max-response-characters", \.settings.scorer.models.judgeMaxResponseCharacters, range: 1...100_000,
            "Candidates are cut to this many characters before the judge reads them."),
    ]
}

extension ConfigurationKeys {
    static let httpScorer: [ConfigurationKey] = [
        .text(
            "scorer.http.url", \.settings.scorer.http.url, allowed: "an http(s) URL, or empty for none",
            check: { $0.isEmpty || $0.hasPrefix("http://") || $0.hasPrefix("https://") },
            "The scoring service the `http` term POSTs candidates to (tao.score-request/1)."),
        .number("scorer.http.timeout", \.settings.scorer.http.timeout, range: 0...3600, above: true,
                "Seconds one request may take, the whole exchange including a body that stalls."),
        .integer("scorer.http.retries", \.settings.scorer.http.retries, range: 0...20,
                 "Retries of a failed request (5xx, 429, timeouts, refused connections), with backoff and full jitter."),
        .number("scorer.http.backoff-base", \.settings.scorer.http.backoffBase, range: 0...3600, above: true,
                "Seconds of the first retry's backoff cap; it doubles per retry."),
        .number("scorer.http.backoff-max", \.settings.scorer.http.backoffMax, range: 0...3600, above: true,
                "Largest backoff cap in seconds."),
        .integer("scorer.http.max-concurrent-requests", \.settings.scorer.http.maxConcurrentRequests, range: 1...1024,
                 "Requests in flight at once from this process."),
        .integer("scorer.http.batch-size", \.settings.scorer.http.batchSize, range: 1...100_000,
                 "Most candidates per request; a bigger group is split and re-joined in order."),
        .integer("scorer.http.breaker-failures", \.settings.scorer.http.breakerThreshold, range: 1...1000,
                 "Consecutive failed calls that open the circuit breaker."),
        .number("scorer.http.breaker-cooldown", \.settings.scorer.http.breakerCooldown, range: 0...86_400, above: true,
                "Seconds the breaker stays open before one trial call."),
        ConfigurationKey(
            "scorer.http.fallback", flag: nil, shape: .scalar, allowed: "a score from 0 to 1, or ~ to dead-letter the record",
            summary: "The score a candidate gets when the service fails or the breaker is open; ~ sends the record to the dead-letter topic with the reason.",
            read: { node, c in
                if ConfigurationKey.isNull(node) {
                    c.settings.scorer.http.fallback = nil
                    return true
                }
                guard let text = ConfigurationKey.scalarText(node), let value = Double(text), (0...1).contains(value) else { return false }
                c.settings.scorer.http.fallback = value
                return true
            },
            render: { c in c.settings.scorer.http.fallback.map { Node(String($0)) } ?? ConfigurationKey.nullNode }),
        .textMap("scorer.http.headers", \.settings.scorer.http.headers, "Extra request headers (never logged)."),
        .optionalText(
            "scorer.http.bearer-token-env", \.settings.scorer.http.bearerTokenEnv, allowed: "an environment variable name, or ~ for none",
            "The environment variable holding a bearer token for the Authorization header (the token is never logged)."),
    ]
}
