import Blobs
import Foundation
import S3Blobs
import Testing

/// The S3 blob store against a real S3-compatible server on loopback (moto), directly and behind a proxy that fails
/// or stalls on purpose.
@Suite(.serialized) struct S3BlobStoreTests {
    @Test func roundTripsSmallAndMultipartBlobsAndRemovesThem() async throws {
        let server = try await ObjectStoreServer()
        defer { server.stop() }
        let store = try await server.store(bucket: "tao-roundtrip", partSize: 5 << 20)
        let small = Array("a policy announcement's tokenizer".utf8)
        // Random bytes do not compress: 12 MiB is three parts of 5 MiB, 5 MiB and 2 MiB.
        let large = try Self.random(12 << 20)
        for bytes in [small, large] {
            let id = try await store.put(bytes)
            #expect(id == BlobID(of: bytes))
            #expect(try await store.put(bytes) == id, "putting again is a no-op")
            #expect(try await store.contains(id))
            #expect(try await store.get(id, expectedSize: bytes.count) == bytes)
            try await store.remove(id)
            #expect(try await !store.contains(id))
            try await store.remove(id)  // idempotent
        }
        let missing = BlobID(of: Array("never put".utf8))
        await #expect(throws: BlobStoreError.notFound(missing, where: "s3://tao-roundtrip/run1/\(missing.sha256).zst")) {
            _ = try await store.get(missing)
        }
    }

    @Test func anObjectThatIsNotWhatItsNameSaysIsRefused() async throws {
        let server = try await ObjectStoreServer()
        defer { server.stop() }
        let store = try await server.store(bucket: "tao-corrupt")
        let id = try await store.put(Array("the real bytes".utf8))
        // Someone overwrites the object with another blob's valid frame.
        let other = try Zstd.compress(Array("other bytes!!!".utf8))
        _ = try await store.client.send(.PUT, key: "run1/\(id.sha256).zst", body: other, operation: "PUT")
        await #expect(throws: BlobStoreError.self) { _ = try await store.get(id) }
        await #expect(throws: (any Error).self) { _ = try await store.get(id, expectedSize: 3) }
    }

    @Test func serverErrorsAreRetriedUntilTheyPass() async throws {
        let server = try await ObjectStoreServer()
        defer { server.stop() }
        let proxy = try server.faultProxy("fail", count: 2)
        let store = try await server.store(bucket: "tao-flaky", via: proxy)
        let bytes = Array("survives two 500s".utf8)
        let id = try await store.put(bytes)
        #expect(try await store.get(id) == bytes)
    }

    @Test func aStalledPartUploadTimesOutIsRetriedAndTheUploadCompletes() async throws {
        let server = try await ObjectStoreServer()
        defer { server.stop() }
        let proxy = try server.faultProxy("stall-parts", count: 1)
        let store = try await server.store(
            bucket: "tao-stall", via: proxy, partSize: 5 << 20, timeout: .seconds(2),
            retry: .init(attempts: 3, initialDelay: .milliseconds(20)))
        let bytes = try Self.random(6 << 20)
        let id = try await store.put(bytes)
        #expect(try await store.get(id) == bytes)
    }

    @Test func aHungServerIsAClearErrorNotAHang() async throws {
        let server = try await ObjectStoreServer()
        defer { server.stop() }
        let proxy = try server.faultProxy("stall", count: 0)
        let store = try await server.store(
            bucket: "tao-hung", via: proxy, timeout: .seconds(1), retry: .init(attempts: 2, initialDelay: .milliseconds(10)))
        do {
            _ = try await store.put(Array("nobody answers".utf8))
            Issue.record("a hung server must fail the put")
        } catch let error as S3Error {
            #expect("\(error)".contains("no answer within"), "\(error)")
            #expect(!"\(error)".contains(ObjectStoreServer.secret))
        }
    }

    /// `count` random bytes (incompressible, so the compressed blob needs several parts).
    static func random(_ count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }
}
