import Foundation

/// The parts of a Hugging Face `tokenizer_config.json` (and `chat_template.jinja`) that change what a prompt becomes:
/// the named special tokens and the chat template.
///
/// Everything is optional: a directory without the file has an empty config. Other keys are ignored — among them
/// `add_bos_token` / `add_eos_token`, which transformers (5.x) also drops when the directory has a `tokenizer.json`:
/// that file's post-processor alone decides (``SpecialTokenRule``).
public struct TokenizerConfig: Sendable, Equatable {
    public static let fileName = "tokenizer_config.json"
    public static let chatTemplateFileName = "chat_template.jinja"

    public var bosToken: String?
    public var eosToken: String?
    public var padToken: String?
    public var unkToken: String?
    /// The default chat template (a Jinja source), if the model has one.
    public var chatTemplate: String?

    public init(
        bosToken: String? = nil, eosToken: String? = nil, padToken: String? = nil, unkToken: String? = nil,
        chatTemplate: String? = nil
    ) {
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.padToken = padToken
        self.unkToken = unkToken
        self.chatTemplate = chatTemplate
    }

    /// Parses `tokenizer_config.json` bytes; `file` only names it in errors.
    ///
    /// Special tokens may be strings or `{"content": …}` objects. `chat_template` may be a string or a list of
    /// `{"name", "template"}` (the one named `default` is taken, as transformers does).
    public init(json data: Data, file: String = TokenizerConfig.fileName) throws {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TokenizerError.invalidConfig(file: file, reason: "not a JSON object")
        }
        func token(_ key: String) -> String? {
            if let text = root[key] as? String { return text }
            return (root[key] as? [String: Any])?["content"] as? String
        }
        self.init(
            bosToken: token("bos_token"), eosToken: token("eos_token"), padToken: token("pad_token"),
            unkToken: token("unk_token"))
        switch root["chat_template"] {
        case let text as String:
            chatTemplate = text
        case let named as [[String: Any]]:
            chatTemplate = named.first { $0["name"] as? String == "default" }?["template"] as? String
        case nil, is NSNull:
            break
        default:
            throw TokenizerError.invalidConfig(
                file: file, reason: "chat_template must be a string or a list of {name, template}")
        }
    }

    /// This config as `tokenizer_config.json` text (sorted keys; absent values left out): what a policy version
    /// carries so every stage renders chats and names special tokens as the base model does.
    public func jsonText() -> String {
        var object: [String: Any] = [:]
        for (key, value) in [("bos_token", bosToken), ("eos_token", eosToken), ("pad_token", padToken),
                             ("unk_token", unkToken), ("chat_template", chatTemplate)] {
            if let value { object[key] = value }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Whether nothing is set.
    public var isEmpty: Bool { self == TokenizerConfig() }

    /// The config of the model directory at `url`: its `tokenizer_config.json` (empty when absent), with the chat
    /// template of `chat_template.jinja` when that file exists (it wins, as in transformers).
    public init(directory url: URL) throws {
        let file = url.appendingPathComponent(Self.fileName)
        if let data = try? Data(contentsOf: file) {
            try self.init(json: data, file: file.path)
        } else {
            self.init()
        }
        let templateFile = url.appendingPathComponent(Self.chatTemplateFileName)
        if FileManager.default.fileExists(atPath: templateFile.path) {
            do {
                chatTemplate = try String(contentsOf: templateFile, encoding: .utf8)
            } catch {
                throw TokenizerError.invalidConfig(file: templateFile.path, reason: "cannot read the chat template as UTF-8")
            }
        }
    }
}
