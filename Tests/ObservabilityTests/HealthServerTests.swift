import Testing

@testable import Observability

/// Starts a server on an ephemeral loopback port, runs `body` with its port, then shuts it down.
func withServer(
    readiness: ReadinessChecks = ReadinessChecks(),
    metrics: FleetMetrics = FleetMetrics(),
    _ body: (Int) async throws -> Void
) async throws {
    let server = HealthServer(readiness: readiness, metrics: metrics)
    let port = try await server.start()
    do {
        try await body(port)
    } catch {
        try await server.shutdown()
        throw error
    }
    try await server.shutdown()
}

@Suite("HealthServer over loopback HTTP")
struct HealthServerTests {
    @Test func healthzAnswersOK() async throws {
        try await withServer { port in
            let response = try await Curl.request("/healthz", port: port)
            #expect(response.status == 200)
            #expect(response.body == "ok")
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        }
    }

    @Test func readyzPassesWhenEveryCheckPasses() async throws {
        let readiness = ReadinessChecks()
        readiness.register("kafka") { .ready }
        readiness.register("policy-loaded") { .ready }
        try await withServer(readiness: readiness) { port in
            let response = try await Curl.request("/readyz", port: port)
            #expect(response.status == 200)
            #expect(response.body == "[+]kafka ok\n[+]policy-loaded ok\nreadyz check passed\n")
        }
    }

    @Test func readyzNamesTheFailingCheckWith503() async throws {
        let readiness = ReadinessChecks()
        readiness.register("kafka") { .ready }
        readiness.register("policy-loaded") { .notReady("no policy version received yet") }
        try await withServer(readiness: readiness) { port in
            let response = try await Curl.request("/readyz", port: port)
            #expect(response.status == 503)
            #expect(response.body.contains("[-]policy-loaded failed: no policy version received yet"))
            #expect(response.body.contains("[+]kafka ok"))
            #expect(response.body.hasSuffix("readyz check failed: policy-loaded\n"))
        }
    }

    @Test func readyzFollowsChecksAsTheyChange() async throws {
        let readiness = ReadinessChecks()
        readiness.register("kafka") { .notReady("no partitions assigned") }
        try await withServer(readiness: readiness) { port in
            let before = try await Curl.request("/readyz", port: port)
            #expect(before.status == 503)
            readiness.register("kafka") { .ready }
            let after = try await Curl.request("/readyz", port: port)
            #expect(after.status == 200)
        }
    }

    @Test func unknownPathIs404() async throws {
        try await withServer { port in
            let response = try await Curl.request("/nope", port: port)
            #expect(response.status == 404)
            #expect(response.body.contains("/nope"))
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE"])
    func nonGetMethodIs405(method: String) async throws {
        try await withServer { port in
            let response = try await Curl.request("/metrics", port: port, ["-X", method])
            #expect(response.status == 405)
            #expect(response.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func queryStringIsIgnored() async throws {
        try await withServer { port in
            let response = try await Curl.request("/readyz?verbose", port: port)
            #expect(response.status == 200)
        }
    }

    @Test func headHasHeadersButNoBody() async throws {
        try await withServer { port in
            let response = try await Curl.request("/healthz", port: port, ["-I"])
            #expect(response.status == 200)
            #expect(response.headers["content-length"] == "2")
            #expect(response.body.isEmpty)
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { port in
            // One curl, three URLs: curl reuses the connection when the server keeps it open.
            let url = "http://127.0.0.1:\(port)"
            let (code, stdout, stderr) = try await Curl.run(
                ["-w", "%{http_code} %{num_connects}\n"]
                    + ["/healthz", "/metrics", "/readyz"].flatMap { ["-o", "/dev/null", "\(url)\($0)"] }
            )
            #expect(code == 0, "\(stderr)")
            #expect(stdout.split(separator: "\n") == ["200 1", "200 0", "200 0"])
        }
    }

    @Test func http10ConnectionIsClosedAfterTheResponse() async throws {
        try await withServer { port in
            let response = try await Curl.request("/healthz", port: port, ["--http1.0"])
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
        }
    }
}
