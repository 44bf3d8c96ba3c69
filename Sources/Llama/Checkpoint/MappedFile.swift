import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory map of a whole file; unmapped when the last reference goes away.
///
/// Mapping lets multi-hundred-MB checkpoints be read tensor by tensor without copying the file into memory.
/// The mapping is never written, so sharing it across threads is safe (hence `@unchecked Sendable`).
final class MappedFile: @unchecked Sendable {
    /// The file's bytes; empty (and `nil` base) for an empty file.
    let bytes: UnsafeRawBufferPointer
    let path: String

    init(url: URL) throws(SafeTensorsError) {
        path = url.path
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

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    private static func osError(_ path: String) -> SafeTensorsError {
        SafeTensorsError(file: path, problem: .unreadable(reason: String(cString: strerror(errno))))
    }
}
