import Foundation

/// Writes a file so that it survives a crash or a power cut once the call returns, and is never seen half-written:
/// the bytes go to a temporary file in the same directory, which is fsynced, renamed into place, and the
/// directory is fsynced so the rename itself is on disk. Blobs and the coordinator's checkpoint are written this
/// way, so a checkpoint never names a blob that a crash could lose.
///
/// Blocking: call it off Swift Concurrency's cooperative pool.
public enum DurableFile {
    /// - Parameter beforeRename: called once the temporary file is on disk, just before it is renamed into place; if it
    ///   throws, the temporary file is removed, `destination` is left as it was, and the error is rethrown. A writer
    ///   that must not overwrite what another process committed meanwhile checks for that here, after the slow
    ///   part (the fsync) rather than before it.
    public static func write(_ bytes: [UInt8], to destination: URL, beforeRename: () throws -> Void = {}) throws {
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("create", temporary, hint: "is the directory writable?") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard result > 0 else {
                let error = failure("write", temporary, hint: "is the disk full?")
                close(descriptor)
                unlink(temporary.path)
                throw error
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync", temporary, hint: "is the disk full or failing?")
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
        close(descriptor)
        do { try beforeRename() } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let error = failure("rename into \(destination.path)", temporary, hint: nil)
            unlink(temporary.path)
            throw error
        }
        try syncDirectory(directory)
    }

    /// fsyncs a directory, so entries created or renamed in it are on disk.
    public static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw failure("open", directory, hint: nil) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync", directory, hint: nil) }
    }

    private static func failure(_ operation: String, _ path: URL, hint: String?) -> DurableFileError {
        DurableFileError(message: "cannot \(operation) \(path.path): \(String(cString: strerror(errno)))"
            + (hint.map { " — \($0)" } ?? ""))
    }
}

public struct DurableFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
