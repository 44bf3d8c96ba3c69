import Foundation

extension LoadedPolicy {
    /// Writes the policy as a Hugging Face directory that ``init(path:version:)`` and transformers load back with
    /// the same tokenizer and chat template: config.json, model.safetensors, tokenizer.json and — when the policy
    /// has named special tokens or a chat template — tokenizer_config.json (the template inline; a stale
    /// chat_template.jinja, which would win over it, is removed). Blocking.
    public func save(to url: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        let template = url.appendingPathComponent(TokenizerConfig.chatTemplateFileName)
        if manager.fileExists(atPath: template.path) { try manager.removeItem(at: template) }
        let configFile = url.appendingPathComponent(HFModelDirectory.tokenizerConfigFileName)
        if tokenizerConfig.isEmpty {
            if manager.fileExists(atPath: configFile.path) { try manager.removeItem(at: configFile) }
        } else {
            try Data(tokenizerConfig.jsonText().utf8).write(to: configFile, options: .atomic)
        }
        // Last: save() writes config.json last, and a directory with a config.json is complete.
        try model.save(to: url, tokenizerJSON: Data(tokenizerJSON))
    }
}
