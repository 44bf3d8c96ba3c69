/// The hyper-parameters of a LoRA adapter, as PEFT's `LoraConfig` defines them (without dropout).
///
/// Every targeted linear layer `y = x Wᵀ`, W (out, in), becomes `y = x Wᵀ + scaling · (x Aᵀ) Bᵀ` with
/// A (r, in), B (out, r) and `scaling = alpha / r`. Only A and B are trained; the base weights stay frozen.
public struct LoRAConfig: Equatable, Sendable {
    /// r, the rank of the update B·A.
    public let rank: Int
    /// PEFT's `lora_alpha`.
    public let alpha: Float
    /// The adapted projections, in PEFT's module order, without duplicates. Every decoder layer is adapted.
    public let targets: [LoRATarget]

    /// PEFT's default `target_modules` for Llama: the attention projections.
    public static let defaultTargets: [LoRATarget] = [.q, .k, .v, .o]

    /// `alpha / rank`: the factor on the low-rank term (PEFT's `scaling`, without rsLoRA).
    public var scaling: Float { alpha / Float(rank) }

    /// - Parameters:
    ///   - rank: r > 0
    ///   - alpha: PEFT's `lora_alpha`; PEFT's default is 8
    ///   - targets: any non-empty set of projections; order and repeats do not matter
    public init(rank: Int, alpha: Float, targets: [LoRATarget] = defaultTargets) {
        precondition(rank > 0, "LoRA rank must be positive, got \(rank)")
        precondition(!targets.isEmpty, "A LoRA adapter needs at least one target")
        self.rank = rank
        self.alpha = alpha
        self.targets = Set(targets).sorted()
    }

    /// Whether `target` is adapted.
    public func adapts(_ target: LoRATarget) -> Bool { targets.contains(target) }
}
