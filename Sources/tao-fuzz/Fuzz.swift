import Foundation
import FuzzTargets

/// libFuzzer's entry point: one input to the target TAO_FUZZ_TARGET names (built with `-sanitize=fuzzer`, see
/// Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TAO_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        FileHandle.standardError.write(Data(
            "TAO_FUZZ_TARGET must name a target: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

#if FUZZING
/// SwiftPM links an executable's entry point as `<module>_main`; libFuzzer's driver runs from it.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("tao_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
/// Without libFuzzer: `tao-fuzz seeds DIR` writes every target's seed corpus into DIR/<target>/, and
/// `tao-fuzz replay TARGET FILE|DIR…` runs inputs (a corpus, or the crashes a fuzzing run left) through a target.
@main
enum Replay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "seeds" where arguments.count == 2:
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            for target in FuzzTarget.all {
                let directory = URL(fileURLWithPath: arguments[1]).appendingPathComponent(target.name)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                for (index, seed) in try target.seeds(root: root).enumerated() {
                    try Data(seed).write(to: directory.appendingPathComponent("seed-\(index)"))
                }
            }
        case "replay" where arguments.count >= 3:
            guard let target = FuzzTarget.named(arguments[1]) else {
                throw ReplayError("no target \(arguments[1]); targets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))")
            }
            var count = 0
            for path in arguments.dropFirst(2) {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ReplayError("no file \(path)") }
                let files = isDirectory.boolValue
                    ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { "\(path)/\($0)" } : [path]
                for file in files {
                    target.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
                    count += 1
                }
            }
            print("tao-fuzz replay \(target.name): \(count) inputs, no crash")
        default:
            throw ReplayError("usage: tao-fuzz seeds DIR | tao-fuzz replay TARGET FILE|DIR…")
        }
    }
}

struct ReplayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif
