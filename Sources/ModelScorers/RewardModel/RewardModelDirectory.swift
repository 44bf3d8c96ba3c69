import Foundation
import Llama

/// A reward model on disk, laid out as Hugging Face and PEFT lay out theirs:
///
/// - `reward_model.json` — `{"format": "tao.reward-model/1", "base": …, "lora": bool, "calibration": {"a", "b"},
///   "max_response_tokens": …, "training": {…}}`;
/// - `score.safetensors` — the head, `score.weight` (1, hidden_size), as in `LlamaForSequenceClassification`;
/// - with LoRA: `adapter_config.json` and `adapter_model.safetensors` (PEFT), over the base model at `base`;
/// - without: the whole fine-tuned model (`config.json`, `model.safetensors`, `tokenizer.json`, …) in the directory.
public struct RewardModelDirectory: Codable, Sendable, Hashable {
    public static let fileName = "reward_model.json"
    public static let headFileName = "score.safetensors"
    public static let currentFormat = "tao.reward-model/1"

    public var format = Self.currentFormat
    /// The base model's path (a Hugging Face directory or a GGUF file) when the directory holds only an adapter.
    public var base: String?
    public var lora: Bool
    public var calibration: PlattCalibration
    public var maxResponseTokens: Int
    public var training: RewardModelTrainer.Report?

    enum CodingKeys: String, CodingKey {
        case format, base, lora, calibration, training
        case maxResponseTokens = "max_response_tokens"
    }

    /// Writes `model` into `url`. `basePath` is where its base came from (needed to load a LoRA reward model back).
    public static func save(_ model: RewardModel, to url: URL, basePath: String, training: RewardModelTrainer.Report?) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        let engine = model.policy.model
        if let adapter = engine.adapter {
            try adapter.save(to: url, baseModelNameOrPath: basePath)
        } else {
            try model.policy.save(to: url)
        }
        var writer = SafeTensorsWriter()
        try writer.add(RewardHead.weightName, shape: [1, model.head.hiddenSize], floats: model.head.weights)
        try writer.write(to: url.appendingPathComponent(headFileName))
        let manifest = RewardModelDirectory(
            base: engine.adapter == nil ? nil : basePath, lora: engine.adapter != nil, calibration: model.calibration,
            maxResponseTokens: model.input.maxResponseTokens, training: training)
        try write(manifest, to: url.appendingPathComponent(fileName))
    }

    /// Rewrites the calibration in the manifest at `url`, leaving the weights and the training report as they are.
    public static func recalibrate(at url: URL, to calibration: PlattCalibration) throws {
        let manifestURL = url.appendingPathComponent(fileName)
        var manifest = try JSONDecoder().decode(RewardModelDirectory.self, from: Data(contentsOf: manifestURL))
        manifest.calibration = calibration
        try write(manifest, to: manifestURL)
    }

    static func write(_ manifest: RewardModelDirectory, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: url, options: .atomic)
    }

    /// The reward model saved at `url` (blocking: call off the cooperative pool).
    /// - Throws: `RewardModelError.notARewardModel` saying what is missing; the loaders' errors for damaged files.
    public static func load(_ url: URL) throws -> RewardModel {
        let manifestURL = url.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw RewardModelError.notARewardModel(url.path, reason: "no \(fileName)")
        }
        let manifest: RewardModelDirectory
        do { manifest = try JSONDecoder().decode(RewardModelDirectory.self, from: data) } catch {
            throw RewardModelError.notARewardModel(url.path, reason: "\(fileName) is not valid: \(error)")
        }
        guard manifest.format == currentFormat else {
            throw RewardModelError.notARewardModel(
                url.path, reason: "format '\(manifest.format)' is not \(currentFormat), the one this build reads")
        }
        let policy: LoadedPolicy
        if manifest.lora {
            guard let base = manifest.base else {
                throw RewardModelError.notARewardModel(url.path, reason: "a LoRA reward model without a \"base\" path")
            }
            let baseURL = URL(fileURLWithPath: base, relativeTo: url)
            policy = try LoadedPolicy(path: baseURL)
            policy.model.attach(try LoRAAdapter(directory: url, modelConfig: policy.model.config))
        } else {
            policy = try LoadedPolicy(path: url)
        }
        let head = try SafeTensorsFile(contentsOf: url.appendingPathComponent(headFileName))
        let C = policy.model.config.hiddenSize
        var weights = [Float](repeating: 0, count: C)
        guard (try? head.info(RewardHead.weightName)) != nil else {
            throw RewardModelError.notARewardModel(url.path, reason: "\(headFileName) has no \(RewardHead.weightName)")
        }
        try weights.withUnsafeMutableBufferPointer { try head.copyFloats(RewardHead.weightName, into: $0) }
        return RewardModel(
            policy: policy, head: RewardHead(weights: weights), calibration: manifest.calibration,
            maxResponseTokens: manifest.maxResponseTokens)
    }
}
