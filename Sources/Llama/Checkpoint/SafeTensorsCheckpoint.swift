import Foundation

/// The weights of a Hugging Face model directory: either one `model.safetensors`, or shards listed by
/// `model.safetensors.index.json` (`{"metadata": {...}, "weight_map": {tensor: shard file name}}`).
///
/// Every shard is opened and validated up front, and the index is checked against the shards: each listed
/// tensor must be in its shard, and no tensor may be in two shards.
public struct SafeTensorsCheckpoint: TensorStore {
    /// Name of the single-file checkpoint.
    public static let singleFileName = "model.safetensors"
    /// Name of the shard index.
    public static let indexFileName = "model.safetensors.index.json"

    public let tensorNames: [String]
    /// The opened files, sorted by file name.
    public let files: [SafeTensorsFile]
    private let owner: [String: SafeTensorsFile]

    /// Opens `directory/model.safetensors` if present, else `directory/model.safetensors.index.json` and its shards.
    public init(directory: URL) throws {
        let single = directory.appendingPathComponent(Self.singleFileName)
        let index = directory.appendingPathComponent(Self.indexFileName)
        if FileManager.default.fileExists(atPath: single.path) {
            try self.init(files: [SafeTensorsFile(contentsOf: single)])
        } else if FileManager.default.fileExists(atPath: index.path) {
            try self.init(index: index)
        } else {
            throw SafeTensorsError(
                file: directory.path,
                problem: .unreadable(reason: "neither \(Self.singleFileName) nor \(Self.indexFileName) is present"))
        }
    }

    /// Opens a shard index and the shard files it names (relative to the index's directory).
    public init(index: URL) throws {
        func fail(_ reason: String, tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(file: index.path, tensor: tensor, problem: .badIndex(reason: reason))
        }
        let data: Data
        do { data = try Data(contentsOf: index) } catch {
            throw SafeTensorsError(file: index.path, problem: .unreadable(reason: "\(error)"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let weightMap = object["weight_map"] as? [String: String]
        else { throw fail("expected a JSON object with a \"weight_map\" of tensor name → shard file name") }
        let directory = index.deletingLastPathComponent()
        var shards: [String: SafeTensorsFile] = [:]
        for shardName in Set(weightMap.values).sorted() {
            guard !shardName.contains("/") else { throw fail("shard name '\(shardName)' must be a plain file name") }
            shards[shardName] = try SafeTensorsFile(contentsOf: directory.appendingPathComponent(shardName))
        }
        for (tensor, shardName) in weightMap where !(shards[shardName]?.contains(tensor) ?? false) {
            throw fail("the index puts it in \(shardName), which does not contain it", tensor: tensor)
        }
        try self.init(files: shards.keys.sorted().map { shards[$0]! })
    }

    /// Combines already-opened files; a tensor name may appear in only one of them.
    public init(files: [SafeTensorsFile]) throws {
        var owner: [String: SafeTensorsFile] = [:]
        for file in files {
            for name in file.tensorNames {
                if let other = owner[name] {
                    throw SafeTensorsError(
                        file: file.url.path, tensor: name,
                        problem: .badIndex(reason: "also present in \(other.url.lastPathComponent)"))
                }
                owner[name] = file
            }
        }
        self.files = files
        self.owner = owner
        tensorNames = owner.keys.sorted()
    }

    public func info(_ name: String) throws -> SafeTensorInfo { try file(for: name).info(name) }

    public func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        try file(for: name).copyFloats(name, into: destination)
    }

    public func ints(_ name: String) throws -> [Int] { try file(for: name).ints(name) }

    private func file(for name: String) throws -> SafeTensorsFile {
        guard let file = owner[name] else {
            let where_ = files.count == 1 ? files[0].url.path : "\(files.count) shards"
            throw SafeTensorsError(file: where_, tensor: name, problem: .tensorNotFound)
        }
        return file
    }
}
