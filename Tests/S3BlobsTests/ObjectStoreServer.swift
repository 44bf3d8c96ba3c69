import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import S3Blobs
import TestSupport

/// moto's S3-compatible server (from the package registry) on a free loopback port, optionally behind the fault
/// proxy; stopped with the test.
final class ObjectStoreServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    private var proxies: [Process] = []

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    init() async throws {
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let url = URL(string: "http://127.0.0.1:\(port)/")!
        try await eventually("moto answers on port \(port)", within: .seconds(60), polling: .milliseconds(200)) {
            guard self.process.isRunning else { throw ServerExited() }
            var request = URLRequest(url: url)
            request.timeoutInterval = 2
            return (try? await URLSession.shared.data(for: request)) != nil
        }
    }

    struct ServerExited: Error {}

    /// A store on a fresh bucket of this server (or of `proxyPort` in front of it).
    func store(bucket: String, prefix: String = "run1", via proxyPort: Int? = nil, partSize: Int = 8 << 20,
               timeout: Duration = .seconds(10), retry: S3Client.Retry = .init(attempts: 4, initialDelay: .milliseconds(20)))
        async throws -> S3BlobStore
    {
        let direct = S3Client(location: location(bucket: bucket, prefix: prefix, port: port), credentials: Self.credentials)
        _ = try await direct.send(.PUT, key: "", accept: [200, 409], operation: "CreateBucket")
        let client = S3Client(
            location: location(bucket: bucket, prefix: prefix, port: proxyPort ?? port), credentials: Self.credentials,
            timeout: timeout, retry: retry)
        return S3BlobStore(client: client, partSize: partSize)
    }

    func location(bucket: String, prefix: String, port: Int) -> S3Location {
        S3Location(bucket: bucket, prefix: prefix, endpoint: URL(string: "http://127.0.0.1:\(port)")!, region: "us-east-1")
    }

    static let secret = "test-secret-never-logged"
    static let credentials = S3Credentials(accessKeyID: "AKIDTEST", secretAccessKey: secret)

    /// Starts the fault proxy in `mode` for `count` requests (fault_proxy.py); returns its port.
    func faultProxy(_ mode: String, count: Int) throws -> Int {
        let proxy = Process()
        let output = Pipe()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", Self.fixtures.appendingPathComponent("fault_proxy.py").path, String(port), mode, String(count)]
        proxy.standardOutput = output
        try proxy.run()
        proxies.append(proxy)
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw ServerExited() }
        return port
    }

    func stop() {
        // moto's server keeps running on SIGTERM (its request threads hold it): a test server, so SIGKILL.
        for child in proxies + [process] where child.isRunning {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
    }

    static func freePort() throws -> Int {
        let probe = Process()
        let output = Pipe()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]
        probe.standardOutput = output
        try probe.run()
        probe.waitUntilExit()
        return Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines))!
    }
}
