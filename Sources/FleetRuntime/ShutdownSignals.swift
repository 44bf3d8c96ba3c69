import Foundation
import Synchronization

/// The last shutdown signal received (0 for none); written by the C signal handler, which may only touch
/// lock-free state.
private let receivedSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM as an async stream, for a graceful shutdown: their default action (ending the process at
/// once) is replaced by a handler that only records the signal, so the process can cancel its work, commit
/// offsets and leave its consumer groups before exiting.
///
/// Why not a Dispatch signal source: on Linux those read a signalfd, which only sees a signal blocked in every
/// thread, and librdkafka's and the cooperative pool's threads (started earlier, or from threads that never
/// blocked it) do not block it, so the signal would be ignored. A handler runs on whichever thread receives it.
public final class ShutdownSignals: Sendable {
    public let received: AsyncStream<Int32>
    private let watcher: Task<Void, Never>

    public init(_ numbers: [Int32] = [SIGINT, SIGTERM]) {
        for number in numbers {
            signal(number) { receivedSignal.store($0, ordering: .sequentiallyConsistent) }
        }
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        received = stream
        // Checking a flag ten times a second is how the handler's news reaches async code without blocking a thread.
        watcher = Task {
            while !Task.isCancelled {
                let number = receivedSignal.exchange(0, ordering: .sequentiallyConsistent)
                if number != 0 { continuation.yield(number) }
                try? await Task.sleep(for: .milliseconds(100))
            }
            continuation.finish()
        }
    }

    /// The first signal received (nil if the waiting task is cancelled first).
    public func first() async -> Int32? {
        var iterator = received.makeAsyncIterator()
        return await iterator.next()
    }

    /// Stops watching; the handlers stay (the process is about to exit).
    public func cancel() {
        watcher.cancel()
    }
}
