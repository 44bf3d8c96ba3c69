/// A prompt to tune on: the fleet's input, on the `prompts` topic. Any producer may write it (kcat, `tao serve`, a
/// batch job); only `id`, `task` and `text` are required, and a missing `schema` field is accepted as version 1.
///
/// ```json
/// {"id": "q-1042", "task": "arithmetic", "text": "12+345*6=", "metadata": {"source": "prod"}}
/// ```
public struct PromptMessage: WireMessage, Equatable {
    public static let schemaName = "tao.prompt"
    public static let schemaVersion = 1

    /// Unique per prompt; the producer's choice. Redelivering the same id never trains twice.
    public var id: String
    /// Which task's template and scorers apply (e.g. `arithmetic`, `sql`, `docqa`).
    public var task: String
    /// The prompt text, before the task's template.
    public var text: String
    public var metadata: [String: String]

    public init(id: String, task: String, text: String, metadata: [String: String] = [:]) {
        self.id = id
        self.task = task
        self.text = text
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case id, task, text, metadata }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        task = try container.decode(String.self, forKey: .task)
        text = try container.decode(String.self, forKey: .text)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
    }
}
