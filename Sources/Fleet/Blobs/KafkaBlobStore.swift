import Blobs
import Foundation
import Synchronization

/// A blob store that needs nothing but Kafka, for clusters without shared storage: a blob is zstd-compressed, cut
/// into chunks well under Kafka's 1 MB message limit, and published to the run's blobs topic keyed
/// `<sha256>/<index>/<count>` (so chunks spread over the partitions). Every store instance follows the topic from
/// its beginning in a private group and reassembles what it sees; `get` waits until all chunks of a blob arrived.
///
/// Memory is bounded: an instance keeps the `retained` most recently completed or re-published blobs (a stage needs the newest
/// policy, not the history). Retention on the topic bounds the cluster's side; on the embedded broker each
/// partition keeps 5 MiB, so the topic has many partitions and old blobs are evicted first.
public final class KafkaBlobStore: BlobStore {
    public static let chunkSize = 512 * 1024

    let bus: any MessageBus
    let topic: String
    let retained: Int
    let waitLimit: Duration
    private let assembly: BlobAssembly
    private let follower: Task<Void, any Error>

    /// - Parameters:
    ///   - topic: the run's blobs topic (`FleetTopics.blobs`).
    ///   - waitLimit: how long `get` waits for a blob's chunks before saying it is not there.
    public init(bus: any MessageBus, topic: String, retained: Int = 32, waitLimit: Duration = .seconds(60)) async throws {
        self.bus = bus
        self.topic = topic
        self.retained = retained
        self.waitLimit = waitLimit
        let subscription = try await bus.subscribe(group: "\(topic).reader.\(UUID().uuidString)", topics: [topic])
        let assembly = BlobAssembly(retained: retained)
        self.assembly = assembly
        follower = Task {
            defer { Task { try? await subscription.close() } }
            while let record = try await subscription.next() {
                assembly.absorb(record)
                try subscription.acknowledge(record)
            }
        }
    }

    deinit { follower.cancel() }

    /// Publishes the blob even when it was published before: blobs that every version refers to (the tokenizer, a
    /// LoRA run's base) must stay among the newest on the topic and in every instance's memory, or a process that
    /// starts late would find them evicted.
    public func put(_ bytes: [UInt8]) async throws -> BlobID {
        let id = BlobID(of: bytes)
        let compressed = try Zstd.compress(bytes)
        let count = max(1, (compressed.count + Self.chunkSize - 1) / Self.chunkSize)
        let records = (0..<count).map { index in
            let range = (index * Self.chunkSize)..<min(compressed.count, (index + 1) * Self.chunkSize)
            return OutgoingRecord(topic: topic, key: "\(id.sha256)/\(index)/\(count)", value: Array(compressed[range]))
        }
        try await bus.publish(records)
        return id
    }

    public func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + waitLimit
        while true {
            if let compressed = assembly.complete(id.sha256) {
                let bytes = try Zstd.decompress(compressed, expectedSize: expectedSize)
                let actual = SHA256.hex(bytes)
                guard actual == id.sha256 else { throw BlobStoreError.corrupt(id, actual: actual, where: "topic \(topic)") }
                return bytes
            }
            guard clock.now < deadline else { throw BlobStoreError.notFound(id, where: "topic \(topic)") }
            // Chunks arrive through the follower task; look again shortly (bounded by the deadline).
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Forgets the blob here; its chunks stay on the topic until retention removes them (Kafka deletes by time or
    /// size, not by key).
    public func remove(_ id: BlobID) async throws {
        assembly.forget(id.sha256)
    }

    public func contains(_ id: BlobID) async throws -> Bool {
        assembly.complete(id.sha256) != nil
    }
}

/// The chunks seen so far and the most recently completed blobs, shared by the follower task and readers.
final class BlobAssembly: Sendable {
    private struct State {
        var partial: [String: [Int: [UInt8]]] = [:]
        var complete: [String: [UInt8]] = [:]
        /// Completed blob ids, oldest first, for eviction.
        var order: [String] = []
    }

    private let state = Mutex(State())
    let retained: Int

    init(retained: Int) { self.retained = retained }

    func forget(_ sha256: String) {
        state.withLock { state in
            state.complete[sha256] = nil
            state.order.removeAll { $0 == sha256 }
        }
    }

    /// The compressed bytes of a completed blob.
    func complete(_ sha256: String) -> [UInt8]? { state.withLock { $0.complete[sha256] } }

    /// Files one chunk; completes the blob when its last chunk arrives. Malformed keys are ignored.
    func absorb(_ record: BusRecord) {
        guard let key = record.key.map({ String(decoding: $0, as: UTF8.self) }) else { return }
        let parts = key.split(separator: "/")
        guard parts.count == 3, let index = Int(parts[1]), let count = Int(parts[2]), index < count else { return }
        let id = String(parts[0])
        state.withLock { state in
            if state.complete[id] != nil {
                // Published again: it is in use, so it becomes the newest (last to be evicted).
                if index == count - 1, let position = state.order.firstIndex(of: id) {
                    state.order.remove(at: position)
                    state.order.append(id)
                }
                return
            }
            state.partial[id, default: [:]][index] = record.value
            guard let chunks = state.partial[id], chunks.count == count else { return }
            state.complete[id] = (0..<count).flatMap { chunks[$0]! }
            state.partial[id] = nil
            state.order.append(id)
            while state.order.count > retained { state.complete[state.order.removeFirst()] = nil }
        }
    }
}
