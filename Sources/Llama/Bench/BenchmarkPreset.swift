/// Model shapes the engine is benchmarked at. Both untied, grouped-query (H = 8, Hkv = 4).
public enum BenchmarkPreset: String, CaseIterable, Sendable, Codable {
    /// V 512, C 256, F 688, L 4, T 256
    case tiny
    /// V 4096, C 512, F 1376, L 8, T 512
    case small

    public var config: LlamaConfig {
        switch self {
        case .tiny:
            LlamaConfig(vocabSize: 512, hiddenSize: 256, intermediateSize: 688, numHiddenLayers: 4,
                        numAttentionHeads: 8, numKeyValueHeads: 4, maxPositionEmbeddings: 256)
        case .small:
            LlamaConfig(vocabSize: 4096, hiddenSize: 512, intermediateSize: 1376, numHiddenLayers: 8,
                        numAttentionHeads: 8, numKeyValueHeads: 4, maxPositionEmbeddings: 512)
        }
    }

    /// T, the sequence length trained at.
    public var sequenceLength: Int {
        switch self {
        case .tiny: 256
        case .small: 512
        }
    }
}
