import Foundation
import Synchronization

/// One worker process of the fleet: started from an executable with arguments, its stdout and stderr copied line
/// by line into the fleet's log with its name as prefix, and the metrics address it prints remembered.
public final class ChildProcess: Sendable {
    public let name: String
    public let executable: URL
    public let arguments: [String]
    private let log: FleetLog
    private struct State {
        var process: Process?
        var metricsURL: URL?
        var exitStatus: Int32?
        var exitWaiters: [CheckedContinuation<Int32, Never>] = []
        var partial = Data()
        /// Foundation reports pid 0 for a `Process` not launched yet.
        var launchedPID: Int32? { process.map(\.processIdentifier).flatMap { $0 > 0 ? $0 : nil } }
    }
    private let state = Mutex(State())

    /// Variables the child gets on top of this process's environment (where this process sets one, its value wins).
    public let environment: [String: String]

    public init(name: String, executable: URL, arguments: [String], log: FleetLog, environment: [String: String] = [:]) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.log = log
        self.environment = environment
    }

    /// The process id once it was launched (Foundation reports 0 for a `Process` not launched yet).
    public var pid: Int32? { state.withLock { $0.launchedPID } }
    /// The `/metrics` URL the child printed (`metrics: http://…/metrics`), once it did.
    public var metricsURL: URL? { state.withLock { $0.metricsURL } }
    public var isRunning: Bool { state.withLock { $0.launchedPID != nil && $0.exitStatus == nil } }
    /// The exit status (or the terminating signal's number) once it ended.
    public var exitStatus: Int32? { state.withLock { $0.exitStatus } }

    /// Starts (or, after it ended, restarts) the process.
    public func start() throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = environment.merging(ProcessInfo.processInfo.environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.consume(data)
        }
        process.terminationHandler = { [weak self] process in
            self?.ended(process.terminationStatus)
        }
        state.withLock { state in
            state.metricsURL = nil
            state.exitStatus = nil
            state.partial = Data()
            state.process = process
        }
        do {
            try process.run()
        } catch {
            throw FleetRuntimeError.cannotStart(name: name, path: executable.path, reason: "\(error)")
        }
        let shown = RedactedArguments.redact(arguments).joined(separator: " ")
        log.write("started pid \(process.processIdentifier): \(executable.lastPathComponent) \(shown)", from: name)
    }

    /// Sends `signal` (e.g. SIGKILL in a crash test).
    public func send(_ signal: Int32) {
        guard let pid, isRunning else { return }
        kill(pid, signal)
    }

    /// Waits for the process to end and returns its status.
    public func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> Int32? in
                if let status = state.exitStatus ?? (state.process == nil ? -1 : nil) { return status }
                state.exitWaiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// SIGTERM, then SIGKILL if it has not exited within `deadline`. Returns the exit status.
    @discardableResult
    public func stop(deadline: Duration = .seconds(10)) async -> Int32 {
        guard isRunning else { return exitStatus ?? -1 }
        send(SIGTERM)
        let killer = Task {
            try await Task.sleep(for: deadline)
            log.write("did not exit within \(deadline) of SIGTERM: SIGKILL", from: name)
            send(SIGKILL)
        }
        let status = await waitForExit()
        killer.cancel()
        return status
    }

    private func consume(_ data: Data) {
        let lines = state.withLock { state -> [String] in
            state.partial.append(data)
            var lines: [String] = []
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: state.partial[state.partial.startIndex..<newline], as: UTF8.self))
                state.partial.removeSubrange(state.partial.startIndex...newline)
            }
            if data.isEmpty, !state.partial.isEmpty {
                lines.append(String(decoding: state.partial, as: UTF8.self))
                state.partial = Data()
            }
            return lines
        }
        for line in lines {
            log.write(line, from: name)
            if let range = line.range(of: "metrics: http://") {
                let address = line[line.index(range.upperBound, offsetBy: -7)...].split(separator: " ").first.map(String.init)
                if let address, let url = URL(string: address) { state.withLock { $0.metricsURL = url } }
            }
        }
    }

    private func ended(_ status: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32, Never>] in
            state.exitStatus = status
            defer { state.exitWaiters = [] }
            return state.exitWaiters
        }
        log.write("exited with status \(status)", from: name)
        for waiter in waiters { waiter.resume(returning: status) }
    }
}

/// Why the fleet's runtime could not do what was asked.
public enum FleetRuntimeError: Error, CustomStringConvertible, Equatable {
    case cannotStart(name: String, path: String, reason: String)
    case missingExecutable(name: String, directory: String)
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .cannotStart(let name, let path, let reason):
            return "cannot start \(name) (\(path)): \(reason)"
        case .missingExecutable(let name, let directory):
            return "no executable \(name) in \(directory): build the fleet first (swift build), or pass the "
                + "directory that holds tao-generator, tao-scorer, tao-trainer and tao-coordinator"
        case .invalidConfiguration(let reason):
            return "invalid fleet configuration: \(reason)"
        }
    }
}
