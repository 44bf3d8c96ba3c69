import Llama
import Tensors

/// Full-parameter gradients as a safetensors file with the parameters' Hugging Face names: what a trainer sends
/// (through the blob store when large) and the coordinator adds into its accumulator.
public enum GradientCodec {
    /// - gradients: an arena in the model's parameter layout
    /// - Parameter update: written into the file's metadata, so every update's blob is its own even when two
    ///   groups' gradients are identical (all-zero, when a group's rewards are all equal) and the coordinator can
    ///   delete a committed update's blob without pulling it from under another.
    public static func encode(_ gradients: TensorArena, update: String) throws -> [UInt8] {
        var writer = SafeTensorsWriter(metadata: ["format": "pt", "tao.update": update])
        for view in gradients.layout.views {
            try writer.add(view.name, shape: view.shape.dimensions, floats: UnsafeBufferPointer(gradients.buffer(view)))
        }
        return try writer.serialized()
    }

    /// Adds the encoded gradients into `accumulator` (same layout), tensor by tensor.
    public static func add(_ bytes: [UInt8], into accumulator: TensorArena, name: String) throws {
        let file = try SafeTensorsFile(bytes: bytes, name: name)
        var scratch = [Float]()
        for view in accumulator.layout.views {
            scratch = [Float](repeating: 0, count: view.count)
            try scratch.withUnsafeMutableBufferPointer { try file.copyFloats(view.name, into: $0) }
            let target = accumulator[view]
            for i in 0..<view.count { target[i] += scratch[i] }
        }
    }
}
