import Blobs
import Fleet
import Testing

@Suite struct KafkaBlobStoreTests {
    @Test func aBlobPutByOneInstanceIsReadByAnotherFromChunks() async throws {
        let test = TestBus()
        let writer = try await KafkaBlobStore(bus: test.bus, topic: test.topics.blobs.name)
        let reader = try await KafkaBlobStore(bus: test.bus, topic: test.topics.blobs.name)
        var generator = SystemRandomNumberGenerator()
        // Random bytes do not compress: 1.5 MB makes several 512 KiB chunks.
        let bytes = (0..<1_500_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let id = try await writer.put(bytes)
        #expect(try await reader.get(id) == bytes)
        #expect(try await reader.contains(id))
        let chunks = test.cluster.messages(in: test.topics.blobs.name)
        #expect(chunks.count == 3)
        #expect(chunks.allSatisfy { $0.value.count <= KafkaBlobStore.chunkSize })
        #expect(Set(chunks.map(\.partition)).count > 1, "chunks spread over partitions")
    }

    @Test func aMissingBlobIsNotFoundAfterTheWaitLimit() async throws {
        let test = TestBus()
        let store = try await KafkaBlobStore(bus: test.bus, topic: test.topics.blobs.name, waitLimit: .milliseconds(100))
        let absent = BlobID(of: [9, 9, 9])
        await #expect(throws: BlobStoreError.notFound(absent, where: "topic \(test.topics.blobs.name)")) {
            try await store.get(absent)
        }
    }

    @Test func onlyTheNewestBlobsAreKeptInMemory() async throws {
        let test = TestBus()
        let writer = try await KafkaBlobStore(bus: test.bus, topic: test.topics.blobs.name)
        let reader = try await KafkaBlobStore(
            bus: test.bus, topic: test.topics.blobs.name, retained: 2, waitLimit: .milliseconds(200))
        var ids: [BlobID] = []
        for i in 0..<4 {
            ids.append(try await writer.put(Array(repeating: UInt8(i), count: 1000)))
            _ = try await reader.get(ids[i])
        }
        let (newest, second, oldest) = (try await reader.contains(ids[3]), try await reader.contains(ids[2]), try await reader.contains(ids[0]))
        #expect(newest && second)
        #expect(!oldest)
    }
}
