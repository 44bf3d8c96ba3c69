import Foundation
import Llama

/// One fixture folder written by scripts/fixtures/make_llama_fixture.py with transformers + PyTorch: the model,
/// and that independent implementation's logits, loss, gradients and greedy continuation (docs/model-fixtures.md).
struct TransformersReference {
    struct Greedy: Decodable {
        let prompt_ids: [Int]
        let new_tokens: [Int]
        let max_new_tokens: Int
        let logprobs: [Float]
    }

    struct Scalars: Decodable {
        let loss: Float
        let batch: Int
        let seq: Int
        let greedy: Greedy
    }

    let url: URL
    let scalars: Scalars
    let tensors: SafeTensorsFile

    init(_ folder: String) throws {
        url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(folder)")
        scalars = try JSONDecoder().decode(
            Scalars.self, from: Data(contentsOf: url.appendingPathComponent("reference.json")))
        tensors = try SafeTensorsFile(contentsOf: url.appendingPathComponent("reference.safetensors"))
    }

    /// (B, T)
    var inputIDs: [Int32] { get throws { try tensors.ints("input_ids").map(Int32.init) } }

    /// max |a − b| / max |b|: the error relative to the tensor's scale, so entries near zero don't dominate.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count)
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? error : error / scale
    }
}
