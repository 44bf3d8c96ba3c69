import Llama
import Tensors

/// AdamW's moments as a safetensors file (`m.<tensor>` and `v.<tensor>`, with the step count in the metadata), so
/// a restarted or standby coordinator continues the same optimisation.
enum OptimizerStateCodec {
    static func encode(_ optimizer: AdamW) throws -> [UInt8] {
        var writer = SafeTensorsWriter(metadata: ["format": "pt", "tao.adamw.steps": "\(optimizer.stepCount)"])
        for (prefix, arena) in [("m.", optimizer.m), ("v.", optimizer.v)] {
            for view in arena.layout.views {
                try writer.add(prefix + view.name, shape: view.shape.dimensions, floats: UnsafeBufferPointer(arena.buffer(view)))
            }
        }
        return try writer.serialized()
    }

    static func restore(_ bytes: [UInt8], into optimizer: AdamW) throws {
        let file = try SafeTensorsFile(bytes: bytes, name: "optimizer state")
        for (prefix, arena) in [("m.", optimizer.m), ("v.", optimizer.v)] {
            for view in arena.layout.views {
                try file.copyFloats(prefix + view.name, into: arena.buffer(view))
            }
        }
        optimizer.restore(stepCount: Int(file.metadata["tao.adamw.steps"] ?? "") ?? 0)
    }
}
