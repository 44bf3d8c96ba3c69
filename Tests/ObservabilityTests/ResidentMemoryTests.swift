import Testing

@testable import Observability

/// `tao_process_resident_bytes` is the memory resident now, not a constant: touching 64 MiB raises it by about that.
@Suite struct ResidentMemoryTests {
    @Test func itFollowsWhatTheProcessTouches() {
        let before = ResidentMemory.bytes()
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        for page in stride(from: 0, to: size, by: 4096) { block.storeBytes(of: UInt8(1), toByteOffset: page, as: UInt8.self) }
        let touched = ResidentMemory.bytes()
        block.deallocate()
        #expect(touched - before > 48 << 20, "before \(before), touched \(touched)")
    }
}
