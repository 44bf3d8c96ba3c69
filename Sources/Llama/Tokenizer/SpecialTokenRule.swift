/// The special tokens a tokenizer's own rules put around one encoded text: what Hugging Face's `tokenizer(text)`
/// (`add_special_tokens=True`) adds, e.g. `[BOS]` in front for Llama-3, nothing for SmolLM2 and GPT-2, BOS in front
/// and EOS behind for a tokenizer configured with `add_eos_token`.
///
/// Where the rule comes from, as in transformers 5: `tokenizer.json`'s `post_processor`
/// (``init(postProcessor:tokenId:)``); none adds nothing. `tokenizer_config.json`'s `add_bos_token` /
/// `add_eos_token` do not count when there is a `tokenizer.json` (transformers drops them); a GGUF file's
/// `tokenizer.ggml.add_bos_token` / `add_eos_token` become the post-processor of the tokenizer built from it
/// (``init(addBOS:bos:addEOS:eos:)``), as transformers' GGUF loader does.
public struct SpecialTokenRule: Sendable, Equatable, CustomStringConvertible {
    /// Ids put before the text's own.
    public var prefix: [Int]
    /// Ids put after the text's own.
    public var suffix: [Int]

    public init(prefix: [Int] = [], suffix: [Int] = []) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Adds nothing.
    public static let none = SpecialTokenRule()

    /// `bos` in front when `addBOS`, `eos` behind when `addEOS` (a flag whose token is missing adds nothing, as in
    /// transformers' `update_post_processor`).
    public init(addBOS: Bool, bos: Int?, addEOS: Bool, eos: Int?) {
        self.init(prefix: addBOS ? bos.map { [$0] } ?? [] : [], suffix: addEOS ? eos.map { [$0] } ?? [] : [])
    }

    /// `ids` with the rule applied.
    public func apply(_ ids: [Int]) -> [Int] { prefix + ids + suffix }

    /// This rule with BOS forced in front (`true`), taken out (`false`), or left as the tokenizer says (`nil`): the
    /// `--bos` / `--no-bos` override.
    public func overridingBOS(_ bos: Bool?, bosTokenId: Int?) -> SpecialTokenRule {
        guard let bos, let bosTokenId else { return self }
        var rule = self
        rule.prefix.removeAll { $0 == bosTokenId }
        if bos { rule.prefix.insert(bosTokenId, at: 0) }
        return rule
    }

    public var description: String {
        let show = { (ids: [Int]) in ids.map(String.init).joined(separator: " ") }
        return prefix.isEmpty && suffix.isEmpty ? "nothing" : "[\(show(prefix))] text [\(show(suffix))]"
    }
}

extension SpecialTokenRule {
    /// The rule of a `tokenizer.json` `post_processor` for a single sequence: `TemplateProcessing` (its `single`
    /// template, special tokens resolved through its `special_tokens` map), `RobertaProcessing` and `BertProcessing`
    /// (`cls` text `sep`), `ByteLevel` (adds nothing) and a `Sequence` of these; `null` adds nothing.
    ///
    /// - tokenId: the id of a token's text, for templates that name a special token the map does not list
    public init(postProcessor json: Any?, tokenId: (String) -> Int?) throws {
        guard let object = json as? [String: Any] else {
            self = .none
            return
        }
        let type = object["type"] as? String ?? "?"
        func invalid(_ reason: String) -> TokenizerError {
            .invalid(file: "tokenizer.json", reason: "post_processor \(type): \(reason)")
        }
        switch type {
        case "ByteLevel":
            self = .none
        case "Sequence":
            var rule = SpecialTokenRule.none
            for step in object["processors"] as? [Any] ?? [] {
                let inner = try SpecialTokenRule(postProcessor: step, tokenId: tokenId)
                rule = SpecialTokenRule(prefix: inner.prefix + rule.prefix, suffix: rule.suffix + inner.suffix)
            }
            self = rule
        case "RobertaProcessing", "BertProcessing":
            func pair(_ key: String) throws -> Int {
                guard let entry = object[key] as? [Any], entry.count == 2, let id = entry[1] as? Int else {
                    throw invalid("\(key) must be [token, id]")
                }
                return id
            }
            self.init(prefix: [try pair("cls")], suffix: [try pair("sep")])
        case "TemplateProcessing":
            guard let single = object["single"] as? [[String: Any]] else { throw invalid("no single template") }
            let map = object["special_tokens"] as? [String: Any] ?? [:]
            var prefix: [Int] = [], suffix: [Int] = [], sequences = 0
            for piece in single {
                if let sequence = piece["Sequence"] as? [String: Any] {
                    guard sequence["id"] as? String == "A" else { throw invalid("a single template may only hold $A") }
                    sequences += 1
                } else if let special = piece["SpecialToken"] as? [String: Any], let name = special["id"] as? String {
                    let ids: [Int]
                    if let entry = map[name] as? [String: Any], let listed = entry["ids"] as? [Int] {
                        ids = listed
                    } else if let id = tokenId(name) {
                        ids = [id]
                    } else {
                        throw invalid("special token \(name) is neither in special_tokens nor in the vocabulary")
                    }
                    if sequences == 0 { prefix += ids } else { suffix += ids }
                } else {
                    throw invalid("template pieces must be Sequence or SpecialToken")
                }
            }
            guard sequences == 1 else { throw invalid("the single template must hold $A exactly once") }
            self.init(prefix: prefix, suffix: suffix)
        default:
            throw TokenizerError.unsupported(component: "post_processor", kind: type)
        }
    }
}
