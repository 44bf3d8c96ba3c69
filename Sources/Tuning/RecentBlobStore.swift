import Blobs
import Synchronization

/// An in-memory blob store that forgets its oldest blobs beyond a byte budget, for in-process runs.
///
/// A TAO run puts one gradient blob per update and weights plus optimiser state per version, and nothing in the
/// fleet deletes blobs; in memory that grows by gigabytes within minutes. Only recent blobs are ever read (the
/// newest versions' weights, updates in flight), so a budget far above what is in flight is safe. `get` of an
/// evicted blob throws `BlobStoreError.notFound`, as for any missing blob.
public final class RecentBlobStore: BlobStore {
    private struct State {
        /// Each blob with the number of its latest put
        var blobs: [BlobID: (bytes: [UInt8], put: Int)] = [:]
        /// Puts in order, oldest first; an entry is stale when its blob was put again later or evicted
        var order: [(id: BlobID, put: Int)] = []
        var head = 0
        var bytes = 0
        /// Never evicted (a LoRA run's frozen base, put once with version 0 and read by every later load).
        var pinned: Set<BlobID> = []
        var pinnedBytes = 0
        var largest = 0
    }

    public let capacityBytes: Int
    private let state = Mutex(State())

    /// - Parameter capacityBytes: total size kept (at least twice the largest blob put, besides pinned ones); the
    ///   newest blob is always kept, whatever its size.
    public init(capacityBytes: Int) {
        precondition(capacityBytes > 0, "a blob store needs room for at least one byte")
        self.capacityBytes = capacityBytes
    }

    public func put(_ bytes: [UInt8]) async throws -> BlobID {
        let id = BlobID(of: bytes)
        state.withLock { state in
            // A blob put again (the tokenizer with every version) counts as new: it is in use.
            let put = (state.order.last?.put ?? 0) + 1
            if state.blobs[id] == nil { state.bytes += bytes.count }
            state.blobs[id] = (bytes, put)
            state.order.append((id, put))
            // Room for two of the largest blob at least: a budget below that would evict a model's weights as soon
            // as the next blob arrives, before anyone has read them.
            state.largest = max(state.largest, bytes.count)
            let budget = max(capacityBytes, 2 * state.largest)
            while state.bytes - state.pinnedBytes > budget, state.head < state.order.count - 1 {
                let oldest = state.order[state.head]
                state.head += 1
                guard state.blobs[oldest.id]?.put == oldest.put, !state.pinned.contains(oldest.id) else { continue }
                if let removed = state.blobs.removeValue(forKey: oldest.id) { state.bytes -= removed.bytes.count }
            }
            if state.head > 1024 {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
        return id
    }

    public func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] {
        guard let bytes = state.withLock({ $0.blobs[id]?.bytes }) else {
            throw BlobStoreError.notFound(id, where: "the run's recent blobs (older ones are evicted)")
        }
        try BlobStoreError.check(bytes, of: id, expectedSize: expectedSize, where: "the run's recent blobs")
        return bytes
    }

    public func remove(_ id: BlobID) async throws {
        state.withLock { state in
            guard let removed = state.blobs.removeValue(forKey: id) else { return }
            state.bytes -= removed.bytes.count
            if state.pinned.remove(id) != nil { state.pinnedBytes -= removed.bytes.count }
        }
    }

    /// Keeps `id` whatever comes after it, outside the byte budget: a blob every later version refers to (a LoRA
    /// run's base). Returns whether the store holds it.
    @discardableResult
    public func pin(_ id: BlobID) -> Bool {
        state.withLock { state in
            guard let blob = state.blobs[id] else { return false }
            if state.pinned.insert(id).inserted { state.pinnedBytes += blob.bytes.count }
            return true
        }
    }

    public func contains(_ id: BlobID) async throws -> Bool {
        state.withLock { $0.blobs[id] != nil }
    }

    /// Bytes held now.
    public var storedBytes: Int { state.withLock { $0.bytes } }
}
