import Foundation

/// The `tao` binary SwiftPM built next to the test bundle, for tests that run it as a user would.
public enum TaoExecutable {
    public static func url() throws -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }.map { $0.appendingPathComponent("tao") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TaoExecutableError.notBuilt(candidates.map(\.path))
        }
        return found
    }
}

public enum TaoExecutableError: Error, CustomStringConvertible {
    case notBuilt([String])

    public var description: String {
        switch self {
        case .notBuilt(let paths): "no tao executable in \(paths); run swift build first"
        }
    }
}
