/// Where a ``HealthServer`` listens.
public struct HealthServerConfiguration: Sendable, Equatable {
    /// The address to bind: `127.0.0.1` (the default) for local runs and tests; `0.0.0.0` in a container, so the
    /// kubelet and Prometheus can reach it through the pod IP.
    public var host: String
    /// The TCP port; 0 (the default) lets the system choose a free one, reported by ``HealthServer/start()``.
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 0) {
        self.host = host
        self.port = port
    }
}
