import Foundation

/// A PEFT LoRA adapter directory as a policy: its base (named by `base_model_name_or_path`) with the adapter merged
/// into the weights — what `PeftModel.from_pretrained(…).merge_and_unload()` gives, so anything that loads a model
/// (an LLM judge `tao judge train` fine-tuned, `tao eval`, `tao generate`) loads an adapter too.
extension LoadedPolicy {
    /// Whether `url` is an adapter alone: `adapter_config.json`, and no `config.json` of a whole model beside it.
    public static func isAdapterDirectory(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent(LoRAAdapter.configFileName).path)
            && !manager.fileExists(atPath: url.appendingPathComponent("config.json").path)
    }

    /// The base an adapter directory names: `base_model_name_or_path`, absolute or relative to the directory.
    /// - Throws: ``LlamaConfigError`` when the config names no base, or a base that is not on disk or is itself an
    ///   adapter.
    public static func adapterBase(_ url: URL) throws -> URL {
        let configURL = url.appendingPathComponent(LoRAAdapter.configFileName)
        let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any]
        guard let named = object?["base_model_name_or_path"] as? String, !named.isEmpty else {
            throw LlamaConfigError.invalid(
                field: "base_model_name_or_path",
                reason: "\(configURL.path) names no base model; set it to the base's directory or .gguf file")
        }
        let base = URL(fileURLWithPath: named, relativeTo: url).standardizedFileURL
        guard FileManager.default.fileExists(atPath: base.path) else {
            throw LlamaConfigError.invalid(
                field: "base_model_name_or_path",
                reason: "\(configURL.path) names the base \(named), which is not on disk; "
                    + "point it at the base's directory or .gguf file (a path; hub ids are not fetched)")
        }
        guard !isAdapterDirectory(base) else {
            throw LlamaConfigError.invalid(
                field: "base_model_name_or_path",
                reason: "\(configURL.path) names \(named), itself an adapter; merge that one into its base first")
        }
        return base
    }

    /// The adapter at `url` merged into its base (blocking: call it off the cooperative pool).
    convenience init(adapterDirectory url: URL, version: Int) throws {
        let base = try LoadedPolicy(path: try Self.adapterBase(url), version: version)
        base.model.attach(try LoRAAdapter(directory: url, modelConfig: base.model.config))
        base.model.mergeAdapter()
        self.init(
            version: version, model: base.model, tokenizer: base.tokenizer, tokenizerJSON: base.tokenizerJSON,
            tokenizerConfig: base.tokenizerConfig)
    }
}
