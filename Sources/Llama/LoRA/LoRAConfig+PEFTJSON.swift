import Foundation

/// Reads and writes PEFT's `adapter_config.json` for a LoRA adapter.
///
/// Reading accepts what PEFT writes for a plain LoRA on a Llama model and rejects, naming the field, every option
/// that would change what the adapter computes and that this engine does not implement (rsLoRA, DoRA, biases,
/// per-layer ranks, layer subsets, `modules_to_save`, targets other than the seven projections). `lora_dropout`
/// is accepted and ignored: it does not change the weights, and this engine trains without dropout.
extension LoRAConfig {
    /// The fields PEFT's `LoraConfig` takes when given `adapter_config.json`.
    public func peftJSON(baseModelNameOrPath: String? = nil) throws -> Data {
        let object: [String: Any] = [
            "peft_type": "LORA",
            "task_type": "CAUSAL_LM",
            "r": rank,
            "lora_alpha": alpha == alpha.rounded() ? Int(alpha) as Any : Double(alpha) as Any,
            "target_modules": targets.map(\.rawValue).sorted(),
            "lora_dropout": 0.0,
            "bias": "none",
            "fan_in_fan_out": false,
            "use_rslora": false,
            "use_dora": false,
            "init_lora_weights": true,
            "inference_mode": true,
            "modules_to_save": NSNull(),
            "layers_to_transform": NSNull(),
            "rank_pattern": [String: Int](),
            "alpha_pattern": [String: Int](),
            "base_model_name_or_path": baseModelNameOrPath.map { $0 as Any } ?? NSNull(),
        ]
        return try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Parses `adapter_config.json` bytes; `file` names the file in errors.
    /// - Throws: ``LoRAAdapterError`` naming the offending field.
    public init(peftJSON data: Data, file: String) throws {
        func invalid(_ field: String, _ reason: String) -> LoRAAdapterError {
            LoRAAdapterError(file: file, problem: .invalid(field: field, reason: reason))
        }
        func unsupported(_ field: String, _ value: Any, _ hint: String) -> LoRAAdapterError {
            LoRAAdapterError(file: file, problem: .unsupported(field: field, value: "\(value)", hint: hint))
        }
        let json: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw LoRAAdapterError(file: file, problem: .notJSON(reason: "the top level is not an object"))
            }
            json = object
        } catch let error as LoRAAdapterError {
            throw error
        } catch {
            throw LoRAAdapterError(file: file, problem: .notJSON(reason: "\(error.localizedDescription)"))
        }
        func present(_ key: String) -> Any? { json[key].flatMap { $0 is NSNull ? nil : $0 } }

        guard let type = present("peft_type") as? String else {
            throw invalid("peft_type", "missing; expected \"LORA\"")
        }
        guard type == "LORA" else { throw unsupported("peft_type", "\"\(type)\"", "only LoRA adapters can be loaded") }
        if let task = present("task_type") as? String, task != "CAUSAL_LM" {
            throw unsupported("task_type", "\"\(task)\"", "only CAUSAL_LM adapters apply to a Llama language model")
        }
        guard let r = present("r") as? Int, r > 0 else { throw invalid("r", "missing or not a positive integer") }
        let alpha = present("lora_alpha") ?? 8  // PEFT's default
        guard let alpha = alpha as? Double else { throw invalid("lora_alpha", "not a number") }

        let modules: [String]
        switch present("target_modules") {
        case let list as [String]: modules = list
        case let name as String where name == "all-linear": modules = LoRATarget.allCases.map(\.rawValue)
        case let name as String where LoRATarget(rawValue: name) != nil: modules = [name]
        case let other?:
            throw unsupported("target_modules", other,
                              "give a list of module names among \(LoRATarget.allCases.map(\.rawValue)), or all-linear")
        case nil: throw invalid("target_modules", "missing")
        }
        let targets = try modules.map { name in
            guard let target = LoRATarget(rawValue: name) else {
                throw unsupported("target_modules", "[…, \"\(name)\", …]",
                                  "only \(LoRATarget.allCases.map(\.rawValue)) can be adapted")
            }
            return target
        }
        guard !targets.isEmpty else { throw invalid("target_modules", "empty") }

        for flag in ["use_rslora", "use_dora", "fan_in_fan_out", "lora_bias"] where present(flag) as? Bool == true {
            throw unsupported(flag, true, "only plain LoRA (y = x Wᵀ + alpha/r · x Aᵀ Bᵀ) is implemented")
        }
        if let bias = present("bias") as? String, bias != "none" {
            throw unsupported("bias", "\"\(bias)\"", "this engine's layers have no biases to train")
        }
        for key in ["rank_pattern", "alpha_pattern"] {
            if let pattern = present(key) as? [String: Any], !pattern.isEmpty {
                throw unsupported(key, pattern, "every adapted layer must share one r and one lora_alpha")
            }
        }
        for key in ["layers_to_transform", "modules_to_save", "layer_replication", "exclude_modules"] {
            if let value = present(key), !((value as? [Any])?.isEmpty ?? false) {
                throw unsupported(key, value, "every layer's targets are adapted and nothing else is saved")
            }
        }
        self.init(rank: r, alpha: Float(alpha), targets: targets)
    }
}
