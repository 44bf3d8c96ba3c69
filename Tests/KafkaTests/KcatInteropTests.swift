import Foundation
import Kafka
import TestSupport
import Testing

/// Interop with a C client that shares nothing with this module but librdkafka's wire format: `kcat`.
@Suite("Interop with kcat")
struct KcatInteropTests {
    static let kcat = "/usr/bin/kcat"

    /// Runs kcat with `arguments`, feeding `input` on stdin; returns stdout. Fails the test if kcat is missing.
    static func run(_ arguments: [String], input: String = "", timeout: Duration = .seconds(30)) async throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: kcat),
            "kcat is missing at \(kcat): install it with `apt-get install kcat` (the interop tests need it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcat)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus); exited.continuation.finish() }
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read stdout concurrently so a full pipe never blocks kcat.
        let output = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }
        let status = try await KafkaTestSupport.withDeadline(timeout, "kcat \(arguments.joined(separator: " "))") {
            var iterator = exited.stream.makeAsyncIterator()
            return await iterator.next() ?? -1
        }
        #expect(status == 0, "kcat \(arguments.joined(separator: " ")) exited with \(status)")
        return String(decoding: await output.value, as: UTF8.self)
    }

    @Test("kcat produces, Swift consumes: keys, values and headers match")
    func kcatToSwift() async throws {
        let topic = KafkaTestSettings.unique("from-kcat")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 2])
        let lines = (0..<20).map { "key-\($0):value-\($0)" }.joined(separator: "\n") + "\n"
        _ = try await Self.run(
            ["-P", "-b", kafka.broker.bootstrapServers, "-t", topic, "-K", ":", "-H", "origin=kcat"], input: lines)

        let consumer = try kafka.consumer(group: "from-kcat", topics: [topic])
        let received = try await KafkaTestSupport.consume(20, from: consumer)
        try await consumer.close()
        let pairs = Set(received.map { "\($0.keyString ?? "nil"):\($0.valueString)" })
        #expect(pairs == Set((0..<20).map { "key-\($0):value-\($0)" }))
        #expect(received.allSatisfy { $0.headers == [KafkaHeader(key: "origin", value: "kcat")] })
        await kafka.shutdown()
    }

    @Test("Swift produces, kcat consumes: keys, values and headers match")
    func swiftToKcat() async throws {
        let topic = KafkaTestSettings.unique("to-kcat")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 2])
        let producer = try kafka.producer()
        for id in 0..<20 {
            _ = try await producer.send(
                KafkaProducerMessage(
                    topic: topic, key: "key-\(id)", value: "value-\(id)",
                    headers: [KafkaHeader(key: "origin", value: "swift")]))
        }
        try await producer.close()

        let output = try await Self.run([
            "-C", "-b", kafka.broker.bootstrapServers, "-t", topic, "-o", "beginning", "-c", "20", "-e", "-q",
            "-f", "%k|%s|%h\\n",
        ])
        let lines = Set(output.split(separator: "\n").map(String.init))
        #expect(lines == Set((0..<20).map { "key-\($0)|value-\($0)|origin=swift" }))
        await kafka.shutdown()
    }
}
