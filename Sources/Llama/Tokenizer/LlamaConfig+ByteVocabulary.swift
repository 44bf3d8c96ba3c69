extension LlamaConfig {
    /// Whether ``ByteTokenizer`` speaks this model's vocabulary: `vocab_size` 259, and BOS 256 and EOS 257 when the
    /// config names them. Only such a model may be loaded from a directory without `tokenizer.json`
    /// (see ``HFModelDirectory/tokenizerAndJSON()``).
    public var hasByteVocabulary: Bool {
        let bytes = ByteTokenizer()
        return vocabSize == bytes.vocabSize && (bosTokenId == nil || bosTokenId == bytes.bosTokenId)
            && (eosTokenIds.isEmpty || eosTokenIds == bytes.eosTokenIds)
    }
}
