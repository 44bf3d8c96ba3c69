import Blobs
import Foundation
import NIOHTTP1

/// Blobs in an S3-compatible object store (AWS S3, MinIO, Ceph, moto): content-addressed and zstd-compressed like
/// the directory store, one object per blob at `<prefix>/<sha256>.zst`. A blob larger than `partSize` once
/// compressed goes up as a multipart upload (aborted if a part fails for good), so a large policy never has to
/// travel in one request. Reads verify the size and the hash, like every store.
public final class S3BlobStore: BlobStore {
    public let client: S3Client
    /// Compressed bytes per part of a multipart upload; S3 wants at least 5 MiB for every part but the last.
    public let partSize: Int
    let level: Int32

    public init(client: S3Client, partSize: Int = 8 << 20, compressionLevel: Int32 = 3) {
        self.client = client
        self.partSize = partSize
        level = compressionLevel
    }

    /// The store `location` names, signed with credentials from the environment.
    public convenience init(location: S3Location, timeout: Duration = .seconds(30)) throws {
        self.init(client: S3Client(location: location, credentials: try S3Credentials.fromEnvironment(), timeout: timeout))
    }

    func key(_ id: BlobID) -> String { client.location.key("\(id.sha256).zst") }

    public func put(_ bytes: [UInt8]) async throws -> BlobID {
        let id = BlobID(of: bytes)
        if try await contains(id) { return id }
        let compressed = try await Task.detached { [level] in try Zstd.compress(bytes, level: level) }.value
        if compressed.count <= partSize {
            _ = try await client.send(.PUT, key: key(id), body: compressed, operation: "PUT")
        } else {
            try await multipart(compressed, key: key(id))
        }
        return id
    }

    public func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] {
        let response = try await client.send(.GET, key: key(id), accept: [200, 404], operation: "GET")
        guard response.status == 200 else {
            throw BlobStoreError.notFound(id, where: "s3://\(client.location.bucket)/\(key(id))")
        }
        let compressed = response.body
        return try await Task.detached { [key = key(id)] in
            let bytes = try Zstd.decompress(compressed, expectedSize: expectedSize)
            let actual = Blobs.SHA256.hex(bytes)
            guard actual == id.sha256 else { throw BlobStoreError.corrupt(id, actual: actual, where: key) }
            return bytes
        }.value
    }

    public func contains(_ id: BlobID) async throws -> Bool {
        try await client.send(.HEAD, key: key(id), accept: [200, 404], operation: "HEAD").status == 200
    }

    public func remove(_ id: BlobID) async throws {
        _ = try await client.send(.DELETE, key: key(id), accept: [200, 204, 404], operation: "DELETE")
    }

    /// CreateMultipartUpload, one UploadPart per `partSize` bytes, CompleteMultipartUpload; AbortMultipartUpload
    /// when a part or the completion fails after its retries, so no half upload is left to bill.
    func multipart(_ bytes: [UInt8], key: String) async throws {
        let created = try await client.send(.POST, key: key, query: [("uploads", "")], operation: "CreateMultipartUpload")
        guard let upload = S3Client.xmlValue("UploadId", in: String(decoding: created.body, as: UTF8.self)) else {
            throw S3Error.malformedResponse(operation: "CreateMultipartUpload", detail: "no UploadId")
        }
        do {
            var parts: [(number: Int, etag: String)] = []
            for (index, start) in stride(from: 0, to: bytes.count, by: partSize).enumerated() {
                let number = index + 1
                let part = Array(bytes[start..<min(bytes.count, start + partSize)])
                let response = try await client.send(
                    .PUT, key: key, query: [("partNumber", String(number)), ("uploadId", upload)], body: part,
                    operation: "UploadPart \(number)")
                guard let etag = response.headers.first(name: "ETag") else {
                    throw S3Error.malformedResponse(operation: "UploadPart \(number)", detail: "no ETag")
                }
                parts.append((number, etag))
            }
            let manifest = "<CompleteMultipartUpload>"
                + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\($0.etag)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let completed = try await client.send(
                .POST, key: key, query: [("uploadId", upload)], body: Array(manifest.utf8), operation: "CompleteMultipartUpload")
            // S3 may answer 200 with an error document when completing fails late.
            if let code = S3Client.xmlValue("Code", in: String(decoding: completed.body, as: UTF8.self)) {
                throw S3Error.status(operation: "CompleteMultipartUpload", key: key, status: 200, code: code, message: nil)
            }
        } catch {
            _ = try? await client.send(
                .DELETE, key: key, query: [("uploadId", upload)], accept: [200, 204, 404], operation: "AbortMultipartUpload")
            throw error
        }
    }
}
