import Foundation
import Testing
import Tensors
@testable import Llama

/// The adapter alone, saved and loaded as PEFT does; malformed directories fail naming what is wrong.
@Suite struct LoRASaveLoadTests {
    let model = TinyModels.model(TinyModels.config())

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lora-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func saveThenLoadIsBitIdentical() throws {
        let url = try scratch()
        defer { try? FileManager.default.removeItem(at: url) }
        let config = LoRAConfig(rank: 3, alpha: 5.5, targets: [.down, .q, .up])
        let adapter = TinyAdapters.adapter(for: model, config: config)
        try adapter.save(to: url, baseModelNameOrPath: "tiny/base")
        let loaded = try LoRAAdapter(directory: url, modelConfig: model.config)
        #expect(loaded.config == config)
        #expect(loaded.parameters.arena.layout == adapter.parameters.arena.layout)
        #expect(loaded.parameters.arena.checksum() == adapter.parameters.arena.checksum())
        #expect(Array(loaded.parameters.arena.buffer) == Array(adapter.parameters.arena.buffer))

        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: url.appendingPathComponent("adapter_config.json"))) as! [String: Any]
        #expect(json["peft_type"] as? String == "LORA")
        #expect(json["task_type"] as? String == "CAUSAL_LM")
        #expect(json["target_modules"] as? [String] == ["down_proj", "q_proj", "up_proj"])
        #expect(json["base_model_name_or_path"] as? String == "tiny/base")
        let weights = try SafeTensorsFile(contentsOf: url.appendingPathComponent("adapter_model.safetensors"))
        #expect(try weights.info("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight").shape == [3, 20])
        #expect(try weights.info("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight").shape == [16, 3])
    }

    /// Writes a valid adapter, lets `damage` break it, and returns the load error's description.
    func loadError(_ damage: (URL) throws -> Void) throws -> String {
        let url = try scratch()
        defer { try? FileManager.default.removeItem(at: url) }
        try TinyAdapters.adapter(for: model, config: LoRAConfig(rank: 2, alpha: 4, targets: [.q, .v]))
            .save(to: url)
        try damage(url)
        do {
            _ = try LoRAAdapter(directory: url, modelConfig: model.config)
        } catch {
            return "\(error)"
        }
        Issue.record("loading a damaged adapter succeeded")
        return ""
    }

    func editConfig(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let file = url.appendingPathComponent("adapter_config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: file)
    }

    @Test func malformedAdaptersAreRejectedWithTheCulpritNamed() throws {
        let cases: [(String, (URL) throws -> Void)] = [
            ("adapter_model.safetensors: no such file", {
                try FileManager.default.removeItem(at: $0.appendingPathComponent("adapter_model.safetensors"))
            }),
            ("not a JSON object", {
                try Data("{r: 4".utf8).write(to: $0.appendingPathComponent("adapter_config.json"))
            }),
            ("peft_type = \"PREFIX_TUNING\"", { try editConfig($0) { $0["peft_type"] = "PREFIX_TUNING" } }),
            ("invalid r", { try editConfig($0) { $0["r"] = 0 } }),
            ("use_rslora = true", { try editConfig($0) { $0["use_rslora"] = true } }),
            ("use_dora = true", { try editConfig($0) { $0["use_dora"] = true } }),
            ("\"lm_head\"", { try editConfig($0) { $0["target_modules"] = ["q_proj", "lm_head"] } }),
            ("target_modules = .*proj", { try editConfig($0) { $0["target_modules"] = ".*proj" } }),
            ("rank_pattern", { try editConfig($0) { $0["rank_pattern"] = ["q_proj": 8] } }),
            ("layers_to_transform", { try editConfig($0) { $0["layers_to_transform"] = [0] } }),
            ("bias = \"all\"", { try editConfig($0) { $0["bias"] = "all" } }),
            // The config now promises k_proj too, which the weights lack.
            ("'base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight' is missing", {
                try editConfig($0) { $0["target_modules"] = ["q_proj", "k_proj", "v_proj"] }
            }),
            // The weights hold v_proj, which the config no longer lists.
            ("unexpected tensor 'base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight'", {
                try editConfig($0) { $0["target_modules"] = ["q_proj"] }
            }),
            ("has shape [2, 16] but the rank and the base model imply [3, 16]", { try editConfig($0) { $0["r"] = 3 } }),
        ]
        for (expected, damage) in cases {
            let message = try loadError(damage)
            #expect(message.contains(expected), "expected “\(expected)” in: \(message)")
        }
    }

    @Test func anAdapterForAnotherBaseModelIsRejected() throws {
        let url = try scratch()
        defer { try? FileManager.default.removeItem(at: url) }
        try TinyAdapters.adapter(for: model).save(to: url)
        var wider = model.config
        wider.intermediateSize = 24
        #expect { try LoRAAdapter(directory: url, modelConfig: wider) } throws: { error in
            "\(error)".contains("is this adapter for another base model?")
        }
    }
}
