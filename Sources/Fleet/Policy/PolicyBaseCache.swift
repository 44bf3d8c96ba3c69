import Synchronization

/// The frozen base weights of a LoRA run, kept by a stage between policy versions: only the adapter changes from
/// one version to the next, so fetching, verifying and parsing the whole base again each time is wasted work.
public final class PolicyBaseCache: Sendable {
    /// The base's checksum and its parameters in arena order.
    private let entry = Mutex<(checksum: String, floats: [Float])?>(nil)

    public init() {}

    func floats(for checksum: String) -> [Float]? {
        entry.withLock { $0?.checksum == checksum ? $0?.floats : nil }
    }

    func keep(_ floats: [Float], for checksum: String) {
        entry.withLock { $0 = (checksum, floats) }
    }
}
