import Foundation
import ModelCatalog

/// A `--model` value: a path (a Hugging Face directory or a .gguf file) when one exists there, else the name of a
/// model `tao model fetch` knows, fetched into the cache if it is not there yet (progress on stderr).
enum ModelReference {
    static func resolve(_ value: String) throws -> URL {
        if FileManager.default.fileExists(atPath: value) { return URL(fileURLWithPath: value) }
        guard let model = try? KnownModel.named(value) else {
            throw ModelReferenceError.notFound(value, known: KnownModel.all.map(\.name))
        }
        return try ModelCache().fetch(model) { line in
            FileHandle.standardError.write(Data("tao model fetch: \(line)\n".utf8))
        }
    }
}

enum ModelReferenceError: Error, CustomStringConvertible {
    case notFound(String, known: [String])

    var description: String {
        switch self {
        case .notFound(let value, let known):
            return "--model \(value): no file or directory there, and not a model name `tao model fetch` knows "
                + "(\(known.joined(separator: ", "))); pass a Hugging Face model directory, a .gguf file or one of "
                + "those names"
        }
    }
}
