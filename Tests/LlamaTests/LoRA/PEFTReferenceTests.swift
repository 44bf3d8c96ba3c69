import Foundation
import Testing
@testable import Llama

/// The adapter against Hugging Face PEFT: an adapter saved by PEFT's `save_pretrained` on tiny-llama, with PEFT's
/// logits, loss and adapter gradients (scripts/fixtures/make_lora_fixture.py).
@Suite struct PEFTReferenceTests {
    struct Scalars: Decodable {
        let loss: Float
        let batch: Int
        let seq: Int
    }

    let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    var adapterURL: URL { fixtures.appendingPathComponent("tiny-llama-lora") }

    func load() throws -> (LlamaModel, LoRAAdapter, SafeTensorsFile, Scalars) {
        let (model, _) = try LlamaModel.load(from: fixtures.appendingPathComponent("tiny-llama"))
        let adapter = try LoRAAdapter(directory: adapterURL, modelConfig: model.config)
        let reference = try SafeTensorsFile(contentsOf: adapterURL.appendingPathComponent("reference.safetensors"))
        let scalars = try JSONDecoder().decode(
            Scalars.self, from: Data(contentsOf: adapterURL.appendingPathComponent("reference.json")))
        return (model, adapter, reference, scalars)
    }

    @Test func peftAdapterConfigIsRead() throws {
        let (_, adapter, _, _) = try load()
        #expect(adapter.config == LoRAConfig(rank: 4, alpha: 8, targets: LoRATarget.allCases))
        #expect(adapter.config.scaling == 2)
    }

    @Test func logitsLossAndAdapterGradientsMatchPEFT() throws {
        let (model, adapter, reference, scalars) = try load()
        model.attach(adapter)
        let (B, T) = (scalars.batch, scalars.seq)
        let tokens = try reference.ints("input_ids").map(Int32.init)
        let logits = model.forward(tokens: tokens, B: B, T: T)
        let logitError = TinyAdapters.relativeError(logits, try reference.floats("logits"))
        #expect(logitError < 1e-4, "logits differ from PEFT's by \(logitError) relative")

        let targets = (0..<(B * T)).map { i in i % T == T - 1 ? Int32(-1) : tokens[i + 1] }
        model.zeroGradients()
        let loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        #expect(abs(loss - scalars.loss) < 1e-4 * scalars.loss)
        model.backward()
        for tensor in adapter.gradients.namedTensors() {
            let error = TinyAdapters.relativeError(Array(tensor.buffer), try reference.floats("grad." + tensor.name))
            #expect(error < 1e-3, "gradient of \(tensor.name) differs from PEFT's by \(error) relative")
        }
    }

    @Test func mergedModelMatchesPEFTLogits() throws {
        let (model, adapter, reference, scalars) = try load()
        model.attach(adapter)
        model.mergeAdapter()
        let logits = model.forward(tokens: try reference.ints("input_ids").map(Int32.init),
                                   B: scalars.batch, T: scalars.seq)
        #expect(TinyAdapters.relativeError(logits, try reference.floats("logits")) < 1e-4)
    }
}
