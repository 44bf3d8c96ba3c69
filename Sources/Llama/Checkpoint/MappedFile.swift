import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory map of a whole file, or a private copy of bytes already in memory (a blob received over the
/// network); unmapped or freed when the last reference goes away.
///
/// Mapping lets multi-hundred-MB checkpoints be read tensor by tensor without copying the file into memory.
/// The bytes are never written, so sharing them across threads is safe (hence `@unchecked Sendable`).
final class MappedFile: @unchecked Sendable {
    /// The file's bytes; empty (and `nil` base) for an empty file.
    let bytes: UnsafeRawBufferPointer
    let path: String
    /// True when `bytes` is a heap copy rather than a mapping.
    private let copied: Bool

    /// A private copy of `contents`; `name` stands in for the path in errors.
    init(copying contents: [UInt8], name: String) {
        path = name
        copied = true
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(contents.count, 1), alignment: 64)
        contents.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<contents.count])
    }

    init(url: URL) throws(SafeTensorsError) {
        path = url.path
        copied = false
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.osError(path) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Self.osError(path) }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else { throw Self.osError(path) }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Drops the resident pages lying wholly inside `region` (a slice of ``bytes``) when the file is mapped; a later
    /// read faults them back in from the file. A no-op for a heap copy.
    func evict(_ region: UnsafeRawBufferPointer) {
        guard !copied, let start = region.baseAddress, region.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let last = (Int(bitPattern: start) + region.count) / page * page
        guard last > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(address, last - first, Int32(MADV_DONTNEED))
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if copied {
            base.deallocate()
        } else {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    private static func osError(_ path: String) -> SafeTensorsError {
        SafeTensorsError(file: path, problem: .unreadable(reason: String(cString: strerror(errno))))
    }
}
