import Blobs
import Foundation
import Messages

/// The prompts a soak feeds: arithmetic prompts, and with poison on, every `poisonEvery`-th record garbage of one
/// of three kinds a real producer sends by mistake.
struct SoakPrompts {
    static let poisonEvery = 40

    /// Record `index`: its key, bytes, and what the accounting needs to know of it.
    static func record(_ index: Int, poison: Bool) throws -> (key: String, value: [UInt8], produced: SoakAccounting.Produced) {
        let value: [UInt8]
        let id: String
        if poison, index % poisonEvery == poisonEvery - 1 {
            id = "soak-poison-\(index)"
            switch (index / poisonEvery) % 3 {
            case 0:
                value = Array("{\"id\": \"\(id)\", not json".utf8)
            case 1:
                value = try WireCodec.encode(PromptMessage(id: id, task: "no-such-task", text: "1+1="))
            default:
                var object = try JSONSerialization.jsonObject(
                    with: Data(try WireCodec.encode(PromptMessage(id: id, task: "arithmetic", text: "1+1=")))) as? [String: Any] ?? [:]
                object["text"] = nil
                value = Array(try JSONSerialization.data(withJSONObject: object))
            }
        } else {
            id = "soak-\(index)"
            value = try WireCodec.encode(PromptMessage(id: id, task: "arithmetic", text: "\(index % 97)+\(index % 89)="))
        }
        return (id, value, SoakAccounting.Produced(id: id, sha256: SHA256.hex(value), poison: id.hasPrefix("soak-poison")))
    }

    /// A prompt of the drain's traffic (`soak-drain-<n>`), not accounted for.
    static func drainRecord(_ index: inout Int) throws -> (key: String, value: [UInt8]) {
        let id = "soak-drain-\(index)"
        index += 1
        return (id, try WireCodec.encode(PromptMessage(id: id, task: "arithmetic", text: "\(index % 97)+\(index % 13)=")))
    }
}
