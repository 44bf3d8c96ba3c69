/// A PEFT adapter directory that cannot be loaded: says which file and what is wrong. (File-format damage in
/// `adapter_model.safetensors` itself surfaces as ``SafeTensorsError``.)
public struct LoRAAdapterError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// No such directory, or it lacks `file`.
        case missingFile
        /// The file is not a JSON object.
        case notJSON(reason: String)
        /// `adapter_config.json` asks for something this engine does not implement (`field` = `value`).
        case unsupported(field: String, value: String, hint: String)
        /// A field of `adapter_config.json` is missing or has a wrong type or value.
        case invalid(field: String, reason: String)
        /// A tensor that `adapter_config.json` implies is absent from the weights.
        case missingTensor(String)
        /// The weights hold a tensor the config does not imply (another PEFT method, a target not listed, …).
        case unexpectedTensor(String)
        /// A tensor's shape disagrees with the rank and the base model.
        case wrongShape(tensor: String, actual: [Int], expected: [Int])
    }

    /// Path of the file concerned.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .missingFile: "\(file): no such file; a PEFT LoRA adapter directory holds adapter_config.json and "
            + "adapter_model.safetensors (save_pretrained writes both)"
        case .notJSON(let reason): "\(file): not a JSON object (\(reason))"
        case .unsupported(let field, let value, let hint):
            "\(file): \(field) = \(value) is not supported; \(hint)"
        case .invalid(let field, let reason): "\(file): invalid \(field): \(reason)"
        case .missingTensor(let name): "\(file): tensor '\(name)' is missing (adapter_config.json implies it)"
        case .unexpectedTensor(let name):
            "\(file): unexpected tensor '\(name)': only lora_A/lora_B weights of the configured target_modules "
                + "of every layer can be loaded"
        case .wrongShape(let name, let actual, let expected):
            "\(file): tensor '\(name)' has shape \(actual) but the rank and the base model imply \(expected) — "
                + "is this adapter for another base model?"
        }
    }
}
