/// The `pre_tokenizer` of the tokenizer.json built from a GGUF, chosen by `tokenizer.ggml.pre` as llama.cpp
/// chooses its splitting regexes (`llama-vocab.cpp`), with the options llama.cpp ties to each.
enum GGUFPreTokenizer {
    /// Llama-3's split regex (its own tokenizer.json; llama.cpp's LLAMA3 pre-tokenizer).
    static let llama3Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    struct Choice {
        /// The `pre_tokenizer` JSON object.
        var json: [String: Any]
        /// BPE `ignore_merges` (a pre-token that is a whole vocabulary entry is not merged from bytes).
        var ignoreMerges: Bool
        /// llama.cpp's `add_bos` for this pre-tokenizer when the file has no `tokenizer.ggml.add_bos_token`.
        var addsBOSByDefault: Bool
    }

    /// - pre: `tokenizer.ggml.pre`; `nil` is llama.cpp's `default`.
    /// - addPrefixSpace: `tokenizer.ggml.add_space_prefix` (false when absent, as llama.cpp's BPE default).
    static func choice(pre: String?, addPrefixSpace: Bool, file: GGUFFile) throws(GGUFError) -> Choice {
        func byteLevel(useRegex: Bool) -> [String: Any] {
            ["type": "ByteLevel", "add_prefix_space": addPrefixSpace, "trim_offsets": true, "use_regex": useRegex]
        }
        switch pre ?? "default" {
        case "default", "gpt2", "gpt-2":
            return Choice(json: byteLevel(useRegex: true), ignoreMerges: false, addsBOSByDefault: false)
        case "smollm":
            // SmolLM's own tokenizer.json: each digit alone, then GPT-2's regex.
            let digits: [String: Any] = ["type": "Digits", "individual_digits": true]
            return Choice(
                json: ["type": "Sequence", "pretokenizers": [digits, byteLevel(useRegex: true)]], ignoreMerges: false,
                addsBOSByDefault: false)
        case "llama3", "llama-v3", "llama-bpe":
            let split: [String: Any] = [
                "type": "Split", "pattern": ["Regex": llama3Pattern], "behavior": "Isolated", "invert": false,
            ]
            return Choice(
                json: ["type": "Sequence", "pretokenizers": [split, byteLevel(useRegex: false)]], ignoreMerges: true,
                addsBOSByDefault: true)
        case let other:
            throw file.error(
                "tokenizer.ggml.pre",
                .unsupported(
                    what: "pre-tokenizer", value: "'\(other)'",
                    hint: "supported: smollm, gpt2 / default, llama3 / llama-bpe — another vocabulary would be split "
                        + "differently than its merges were learned"))
        }
    }
}
