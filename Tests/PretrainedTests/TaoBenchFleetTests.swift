import Foundation
import ModelCatalog
import TestSupport
import Testing

/// `tao bench fleet --model` on the real model, as docs/performance.md runs it, at the smallest size: both modes do
/// the same rounds (LoRA over SmolLM2, chat-posed document QA) and the overhead line compares them.
@Suite struct TaoBenchFleetTests {
    struct Line: Decodable {
        let mode: String
        let updates: String?
        let prompts: Int?
        let versions: Int?
        let promptsPerSecond: Double?
        let overhead: Double?
    }

    @Test func benchFleetRunsBothModesOnTheRealModel() throws {
        let file = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        let result = try TaoGenerateTests.run([
            "bench", "fleet", "--model", file.path, "--prompts", "2", "-n", "2", "--max-tokens", "4",
            "--updates-per-version", "1", "--repeats", "1",
        ])
        #expect(result.status == 0)
        let lines = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
        #expect(lines.map(\.mode) == ["direct", "fleet", "overhead"])
        for line in lines.prefix(2) {
            #expect(line.updates == "lora", "a pretrained base trains a LoRA adapter")
            #expect(line.prompts == 2 && line.versions == 2, "one version per group: \(line)")
            #expect((line.promptsPerSecond ?? 0) > 0)
        }
        #expect(lines.last?.overhead != nil)
    }
}
