@testable import HTTPScoring
import TestSupport
import Testing

/// The request limit on its own: waiters are served in order, give up at their deadline, and leave when cancelled.
@Suite struct RequestSlotsTests {
    @Test func aReleaseGoesToTheLongestWaiter() async throws {
        let slots = RequestSlots(limit: 1)
        let far = ContinuousClock.now + .seconds(30)
        #expect(try await slots.acquire(before: far))
        let order = Order()
        let first = Task { _ = try await slots.acquire(before: far); await order.append(1); slots.release() }
        try await eventually("the first waiter queues") { slots.waiting == 1 }
        let second = Task { _ = try await slots.acquire(before: far); await order.append(2); slots.release() }
        try await eventually("the second waiter queues") { slots.waiting == 2 }
        slots.release()
        try await first.value
        try await second.value
        #expect(await order.values == [1, 2])
        #expect(slots.held == 0)
    }

    @Test func aWaiterGivesUpAtItsDeadline() async throws {
        let slots = RequestSlots(limit: 1)
        #expect(try await slots.acquire(before: .now + .seconds(30)))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await slots.acquire(before: start + .milliseconds(100)) == false)
        #expect(clock.now - start >= .milliseconds(100))
        #expect(slots.waiting == 0 && slots.held == 1)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let slots = RequestSlots(limit: 1)
        #expect(try await slots.acquire(before: .now + .seconds(30)))
        let waiter = Task { try await slots.acquire(before: .now + .seconds(30)) }
        try await eventually("the waiter queues") { slots.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(slots.waiting == 0)
        slots.release()
        #expect(slots.held == 0)
    }

    actor Order {
        var values: [Int] = []
        func append(_ value: Int) { values.append(value) }
    }
}
