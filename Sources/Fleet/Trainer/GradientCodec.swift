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

    /// Overwrites `destination` (the parameters' layout) with the encoded gradients, tensor by tensor. Every tensor
    /// must be there with its exact size (the safetensors reader checks sizes before it copies); on an error,
    /// `destination` holds a mix and must not be used.
    public static func decode(_ bytes: [UInt8], into destination: TensorArena, name: String) throws {
        let file = try SafeTensorsFile(bytes: bytes, name: name)
        for view in destination.layout.views {
            try file.copyFloats(view.name, into: destination.buffer(view))
        }
    }
}
