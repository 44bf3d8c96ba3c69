import CRdKafka
import Foundation
import Synchronization

/// A dedicated thread that serves a producer's events (`rd_kafka_poll`): delivery reports, errors, logs.
///
/// It runs outside Swift Concurrency on purpose: `rd_kafka_poll` blocks up to its timeout. After every poll it
/// wakes the senders waiting for queue space (`RD_KAFKA_RESP_ERR__QUEUE_FULL`), since a poll is what frees it.
final class RDKafkaPollThread: Sendable {
    private let client: RDKafkaClient
    private let stopped = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)
    /// A generation counter bumped after each poll, and the senders waiting for the next generation.
    private let space = Mutex<(generation: UInt64, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    init(client: RDKafkaClient, name: String) {
        self.client = client
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    private func run() {
        while !stopped.load(ordering: .acquiring) {
            rd_kafka_poll(client.handle, 50)
            let waiters = space.withLock { state in
                state.generation &+= 1
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        exited.signal()
    }

    /// The current generation, read before attempting a produce.
    var generation: UInt64 { space.withLock { $0.generation } }

    /// Returns once a poll has completed after `generation` (at once if one already has).
    func waitForPoll(after generation: UInt64) async {
        await withCheckedContinuation { continuation in
            let ready = space.withLock { state in
                guard state.generation == generation, !stopped.load(ordering: .acquiring) else { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Asks the loop to stop without waiting; for `deinit`s.
    func stop() {
        stopped.store(true, ordering: .releasing)
    }

    /// Stops the loop and waits (blocking) for the thread to exit; call from a blocking context.
    func stopAndJoin() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        exited.wait()
        let waiters = space.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
