import Foundation

extension ByteTokenizer {
    /// This tokenizer as a Hugging Face `tokenizer.json`: a byte-level BPE with the 256 byte tokens as its
    /// vocabulary (ids 0–255), no merges, the special tokens as added tokens (256…) and a post-processor that puts
    /// `<|bos|>` first. Hugging Face `tokenizers` and ``BPETokenizer`` encode text with it exactly as
    /// ``ByteTokenizer`` does, with and without special tokens, so a model trained on bytes can be published as an
    /// ordinary HF model directory.
    public func tokenizerJSON() throws -> Data {
        var vocab: [String: Int] = [:]
        for byte in 0..<256 { vocab[String(ByteLevel.byteToScalar[byte])] = byte }
        let added: [[String: Any]] = Self.specialTokens.enumerated().map { index, content in
            [
                "id": 256 + index, "content": content, "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true,
            ]
        }
        let byteLevel: [String: Any] = [
            "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false,
        ]
        let bos = Self.specialTokens[0]
        let postProcessor: [String: Any] = [
            "type": "TemplateProcessing",
            "single": [["SpecialToken": ["id": bos, "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
            "pair": [
                ["SpecialToken": ["id": bos, "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]],
                ["SpecialToken": ["id": bos, "type_id": 1]], ["Sequence": ["id": "B", "type_id": 1]],
            ],
            "special_tokens": [bos: ["id": bos, "ids": [256], "tokens": [bos]]],
        ]
        let json: [String: Any] = [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "added_tokens": added,
            "normalizer": NSNull(), "pre_tokenizer": byteLevel, "post_processor": postProcessor, "decoder": byteLevel,
            "model": [
                "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": NSNull(),
                "end_of_word_suffix": NSNull(), "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
                "vocab": vocab, "merges": [[String]](),
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
