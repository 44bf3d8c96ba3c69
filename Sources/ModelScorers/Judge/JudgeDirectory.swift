import Foundation
import Llama

/// A judge `tao judge train` tuned, on disk: a PEFT LoRA adapter (`adapter_config.json`, `adapter_model.safetensors`)
/// over the base at `base_model_name_or_path` — which any command loads as a model, merged
/// (``LoadedPolicy/isAdapterDirectory(_:)``) — and `judge.json`:
/// `{"format": "tao.judge/1", "mode": "yes-no", "template": …, "max_response_characters": …, "training": {…}}`.
/// The template is the one it was trained with; the judge scorer asks with it unless `scorer.judge.template` is set.
public struct JudgeDirectory: Codable, Sendable, Hashable {
    public static let fileName = "judge.json"
    public static let currentFormat = "tao.judge/1"

    public var format = Self.currentFormat
    public var mode: JudgeTemplate.Mode
    public var template: String
    public var maxResponseCharacters: Int
    public var training: JudgeTrainer.Report?

    enum CodingKeys: String, CodingKey {
        case format, mode, template, training
        case maxResponseCharacters = "max_response_characters"
    }

    public var judgeTemplate: JudgeTemplate { JudgeTemplate(mode: mode, text: template) }

    /// Writes the adapter attached to `judge`'s model and the manifest into `url`. `basePath` is where the judge's base
    /// came from; it is written as the adapter's `base_model_name_or_path`.
    public static func save(_ judge: LLMJudge, to url: URL, basePath: String, training: JudgeTrainer.Report?) throws {
        guard let adapter = judge.policy.model.adapter else {
            preconditionFailure("JudgeDirectory.save needs the judge's trained adapter attached")
        }
        try adapter.save(to: url, baseModelNameOrPath: basePath)
        let manifest = JudgeDirectory(
            mode: judge.template.mode, template: judge.template.text,
            maxResponseCharacters: judge.maxResponseCharacters, training: training)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: url.appendingPathComponent(fileName), options: .atomic)
    }

    /// The manifest at `url`, or `nil` for a model that is not a trained judge (no `judge.json`).
    /// - Throws: `JudgeTrainingError.notAJudge` for a `judge.json` this build cannot read.
    public static func manifest(at url: URL) throws -> JudgeDirectory? {
        let manifestURL = url.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: manifestURL) else { return nil }
        let manifest: JudgeDirectory
        do { manifest = try JSONDecoder().decode(JudgeDirectory.self, from: data) } catch {
            throw JudgeTrainingError.notAJudge(url.path, reason: "\(fileName) is not valid: \(error)")
        }
        guard manifest.format == currentFormat else {
            throw JudgeTrainingError.notAJudge(
                url.path, reason: "format '\(manifest.format)' is not \(currentFormat), the one this build reads")
        }
        return manifest
    }
}
