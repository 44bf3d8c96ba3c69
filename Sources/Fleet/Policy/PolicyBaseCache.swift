import Llama
import Synchronization

/// The frozen base weights of a LoRA run, kept by a stage between policy versions: only the adapter changes from
/// one version to the next, so fetching, verifying and parsing the whole base again each time is wasted work.
public final class PolicyBaseCache: Sendable {
    /// The base's checksum, the config it was loaded with, and its parameters in arena order.
    private let entry = Mutex<(checksum: String, config: LlamaConfig, floats: [Float])?>(nil)

    public init() {}

    /// The cached base when it is the one with `checksum` and was loaded with the same `config`: an announcement
    /// that pairs a cached base with another config loads the base again (and is checked against it) instead of
    /// being filled from floats of another shape.
    func floats(for checksum: String, config: LlamaConfig) -> [Float]? {
        entry.withLock { entry in
            guard let entry, entry.checksum == checksum, entry.config == config else { return nil }
            return entry.floats
        }
    }

    func keep(_ floats: [Float], for checksum: String, config: LlamaConfig) {
        entry.withLock { $0 = (checksum, config, floats) }
    }
}
