import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP/1.1 server every fleet worker runs for Kubernetes probes and Prometheus: `/healthz`, `/readyz`,
/// `/metrics` (see ``HealthRouter`` for the exact responses).
///
/// ```swift
/// let metrics = FleetMetrics.bootstrap()
/// let readiness = ReadinessChecks()
/// let server = HealthServer(configuration: .init(host: "0.0.0.0", port: 9464), readiness: readiness, metrics: metrics)
/// let port = try await server.start()
/// …
/// try await server.shutdown()
/// ```
///
/// Threading: sockets live on SwiftNIO's shared event loops (`MultiThreadedEventLoopGroup.singleton`); each
/// connection is served by a Swift task that only awaits, so nothing blocks the cooperative pool. Connections are
/// kept alive (HTTP/1.1 default) until the client closes them or the server shuts down.
public actor HealthServer {
    public nonisolated let configuration: HealthServerConfiguration
    public nonisolated let readiness: ReadinessChecks
    public nonisolated let metrics: FleetMetrics

    private enum State {
        case idle
        case starting
        case running(port: Int, listener: any Channel, serving: Task<Void, Never>)
        case stopped
    }

    private var state = State.idle

    public init(
        configuration: HealthServerConfiguration = .init(),
        readiness: ReadinessChecks = ReadinessChecks(),
        metrics: FleetMetrics
    ) {
        self.configuration = configuration
        self.readiness = readiness
        self.metrics = metrics
    }

    /// The port the server listens on while it runs, else nil.
    public var port: Int? {
        if case .running(let port, _, _) = state { return port }
        return nil
    }

    /// Binds the configured address and starts serving; returns the bound port (the chosen one when configured 0).
    ///
    /// - Throws: ``HealthServerError/alreadyStarted`` if called twice; ``HealthServerError/cannotBind(host:port:reason:)``
    ///   if the address is taken or invalid; ``HealthServerError/shutDownWhileStarting`` if ``shutdown()`` came first.
    @discardableResult
    public func start() async throws -> Int {
        guard case .idle = state else { throw HealthServerError.alreadyStarted }
        state = .starting
        let listener: NIOAsyncChannel<HTTPConnection.Channel, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try HTTPConnection.Channel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            state = .idle
            throw HealthServerError.cannotBind(
                host: configuration.host, port: configuration.port, reason: String(describing: error))
        }
        guard case .starting = state else {
            // shutdown() ran while we were binding: honour it rather than start serving behind its back.
            try? await listener.channel.close()
            throw HealthServerError.shutDownWhileStarting
        }
        let port = listener.channel.localAddress?.port ?? configuration.port
        let router = HealthRouter(readiness: readiness, metrics: metrics)
        let serving = Task { await Self.serve(listener, router: router) }
        state = .running(port: port, listener: listener.channel, serving: serving)
        return port
    }

    /// Stops accepting, closes every open connection and releases the port; returns once all of that is done.
    /// Calling it again, or before ``start()``, does nothing.
    public func shutdown() async throws {
        guard case .running(_, let listener, let serving) = state else {
            state = .stopped  // from idle or starting: start() sees this and does not serve
            return
        }
        state = .stopped
        serving.cancel()
        do {
            try await listener.close()
        } catch ChannelError.alreadyClosed {
            // Cancellation closed it first: the outcome we wanted.
        }
        await serving.value
    }

    /// Accepts connections until the listener closes or the task is cancelled; each connection gets a child task,
    /// and cancelling this task cancels (and so closes) them all.
    private static func serve(_ listener: NIOAsyncChannel<HTTPConnection.Channel, Never>, router: HealthRouter) async {
        await withDiscardingTaskGroup { group in
            do {
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await HTTPConnection.serve(connection, router: router) }
                    }
                }
            } catch {
                // The listener failed or was closed under us: stop accepting; shutdown() reports nothing more.
            }
            group.cancelAll()
        }
    }
}

/// Why a ``HealthServer`` could not do what was asked.
public enum HealthServerError: Error, Equatable, CustomStringConvertible {
    /// ``HealthServer/start()`` was called on a server that already started or was shut down; make a new one.
    case alreadyStarted
    /// ``HealthServer/shutdown()`` was called while ``HealthServer/start()`` was still binding; nothing is served.
    case shutDownWhileStarting
    /// The address could not be bound: usually the port is in use or the host is not an address of this machine.
    case cannotBind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .alreadyStarted:
            return "HealthServer: start() called on a server that already started or was shut down; "
                + "a server starts once, create a new one to serve again"
        case .shutDownWhileStarting:
            return "HealthServer: shut down while starting; the server was stopped before it served anything"
        case .cannotBind(let host, let port, let reason):
            return "HealthServer: cannot listen on \(host):\(port) (\(reason)); "
                + "choose a free port (or 0 for any) and an address of this machine"
        }
    }
}
