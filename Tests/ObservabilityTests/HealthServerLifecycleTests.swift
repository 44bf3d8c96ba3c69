import NIOCore
import Synchronization
import Testing

@testable import Observability

@Suite("HealthServer start and shutdown")
struct HealthServerLifecycleTests {
    @Test func shutdownFreesThePort() async throws {
        let first = HealthServer(metrics: FleetMetrics())
        let port = try await first.start()
        #expect(await first.port == port)
        try await first.shutdown()
        #expect(await first.port == nil)

        // Nothing listens any more: curl's "couldn't connect" (exit 7).
        let (code, _, _) = try await Curl.run(["http://127.0.0.1:\(port)/healthz"])
        #expect(code == 7)

        // And the port can be bound again.
        let second = HealthServer(configuration: .init(port: port), metrics: FleetMetrics())
        #expect(try await second.start() == port)
        #expect(try await Curl.request("/healthz", port: port).status == 200)
        try await second.shutdown()
    }

    @Test func shutdownCutsOffAnInFlightRequest() async throws {
        // A connection held open by a request whose readiness check hangs: shutdown must still return promptly,
        // cancelling the check and closing the connection without an answer.
        let readiness = ReadinessChecks(timeout: .seconds(30))
        let server = HealthServer(readiness: readiness, metrics: FleetMetrics())
        let port = try await server.start()
        let checking = Mutex(false)
        readiness.register("slow") {
            checking.withLock { $0 = true }
            try? await Task.sleep(for: .seconds(30))
            return .ready
        }
        async let inFlight = Curl.run(["http://127.0.0.1:\(port)/readyz"])
        try await waitUntil { checking.withLock { $0 } }
        let started = ContinuousClock.now
        try await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
        let (code, _, _) = try await inFlight
        #expect(code != 0, "the in-flight request should have been cut off by shutdown")
    }

    @Test func shutdownClosesIdleKeptAliveConnections() async throws {
        // What Prometheus does between scrapes: one request, then the connection stays open and idle.
        let server = HealthServer(metrics: FleetMetrics())
        let port = try await server.start()
        let client = try await RawHTTPClient.connect(port: port)
        try await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"))
            var responses = inbound.makeAsyncIterator()
            let response = try #require(try await responses.next())
            #expect(String(buffer: response).hasPrefix("HTTP/1.1 200 OK"))

            let started = ContinuousClock.now
            try await server.shutdown()
            #expect(ContinuousClock.now - started < .seconds(5))
            // The server closed its end: the client reads end-of-stream (after any rest of the first response,
            // which may arrive as a second chunk).
            var rest = ""
            while let more = try await responses.next() { rest += String(buffer: more) }
            #expect(!rest.contains("HTTP/1.1"), "no second response after shutdown")
        }
    }

    @Test func startingTwiceIsAnError() async throws {
        let server = HealthServer(metrics: FleetMetrics())
        try await server.start()
        await #expect(throws: HealthServerError.alreadyStarted) { try await server.start() }
        try await server.shutdown()
        try await server.shutdown()  // idempotent
    }

    @Test func aServerShutDownBeforeStartingNeverServes() async throws {
        // A worker that is told to stop while still setting up must not open its port afterwards.
        let server = HealthServer(metrics: FleetMetrics())
        try await server.shutdown()
        await #expect(throws: HealthServerError.alreadyStarted) { try await server.start() }
        #expect(await server.port == nil)
    }

    @Test func bindingATakenPortSaysSo() async throws {
        let first = HealthServer(metrics: FleetMetrics())
        let port = try await first.start()
        let second = HealthServer(configuration: .init(port: port), metrics: FleetMetrics())
        let error = await #expect(throws: HealthServerError.self) { try await second.start() }
        #expect(error.map { "\($0)" }?.contains("cannot listen on 127.0.0.1:\(port)") == true)
        try await first.shutdown()
    }
}

/// Polls `condition` until it holds, failing after `timeout`.
func waitUntil(
    timeout: Duration = .seconds(5),
    _ condition: () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
