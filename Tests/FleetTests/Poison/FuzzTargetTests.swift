import Foundation
import FuzzTargets
import TestSupport
import Testing

/// Every reader of outside bytes — each message decoder with the checks its consumer runs, gradient blobs,
/// safetensors, GGUF, tokenizer.json, config.json — as the libFuzzer targets define them (Fuzz/README.md), run here
/// on their seeds and on seeded random bytes and mutations of them. Each input must be read (and then hold what the
/// checks promise: the targets assert it) or refused with an error that says something; a crash, a trap or a hang
/// fails CI, and `Mutation(seed:)` reproduces the input. A target that refused its own seeds, or most mutations
/// before its first check, would test nothing: both fail too.
@Suite struct FuzzTargetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Inputs per target; tokenizer.json is slow to load (merges), so fewer.
    static func iterations(_ name: String) -> Int { name == "tokenizer-json" ? 300 : 1_000 }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func everyInputIsReadOrRefusedNeverACrash(name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = try target.seeds(root: Self.root)
        #expect(!seeds.isEmpty, "\(name) has seeds")
        for seed in seeds { try target.read(seed) }
        let binary = seeds.contains { $0.first != UInt8(ascii: "{") }
        var refused = 0
        let count = Self.iterations(name)
        for index in 0..<UInt64(count) {
            var mutation = Mutation(seed: index)
            let seed = seeds[Int(index) % seeds.count]
            let bytes: [UInt8]
            switch index % 8 {
            case 0: bytes = mutation.randomBytes(maxLength: 512)
            case 1, 2: bytes = mutation.mutate(seed)
            default: bytes = binary ? mutation.mutate(seed, focus: 0..<8192) : mutation.mutateJSON(seed)
            }
            do { try target.read(bytes) } catch {
                refused += 1
                #expect(!"\(error)".isEmpty, "\(name), mutation \(index): an error that says nothing")
            }
        }
        #expect(refused > count / 4, "\(name): \(refused) of \(count) refused; the mutations must reach the checks")
        // Inputs a longer fuzzing run found, kept as regressions.
        let regressions = Self.root.appendingPathComponent("Fuzz/regressions/\(name)")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? [] {
            target.run([UInt8](try Data(contentsOf: regressions.appendingPathComponent(file))))
        }
    }
}
