/// What one readiness check says about the worker right now.
///
/// A check answers `.ready` when the dependency it watches can do its job (the Kafka consumer has its
/// partitions, the policy weights are loaded), and `.notReady(reason)` otherwise. The reason is shown verbatim on
/// `/readyz`, so write it for the operator reading `kubectl describe pod`: what is wrong and, if known, why.
public enum ReadinessResult: Sendable, Equatable {
    case ready
    case notReady(String)

    /// Whether the check passed.
    public var isReady: Bool {
        if case .ready = self { return true }
        return false
    }
}

/// A readiness check: a named, cheap, non-blocking question about one dependency of the worker.
///
/// Checks run concurrently on every `/readyz` request (Kubernetes probes every few seconds), each with a deadline;
/// a check that does not answer in time counts as not ready. A check must never block its thread: it runs on the
/// cooperative pool, so it should read state the worker already keeps rather than call out to a broker.
public typealias ReadinessCheck = @Sendable () async -> ReadinessResult

/// The outcome of running every registered readiness check once, in registration order.
public struct ReadinessReport: Sendable, Equatable {
    /// One check's name and answer.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let result: ReadinessResult
    }

    /// Every check's answer, in the order the checks were registered.
    public let entries: [Entry]

    /// True when every check passed (also when none is registered: a worker with nothing to wait for is ready).
    public var isReady: Bool { entries.allSatisfy { $0.result.isReady } }

    /// The checks that failed, in registration order.
    public var failures: [Entry] { entries.filter { !$0.result.isReady } }

    /// Plain text in the style of the Kubernetes API server's own `/readyz?verbose`: one line per check,
    /// `[+]name ok` or `[-]name failed: reason`, then a verdict line.
    public var text: String {
        var lines = entries.map { entry -> String in
            switch entry.result {
            case .ready: return "[+]\(entry.name) ok"
            case .notReady(let reason): return "[-]\(entry.name) failed: \(reason)"
            }
        }
        if isReady {
            lines.append("readyz check passed")
        } else {
            let names = failures.map(\.name).joined(separator: ", ")
            lines.append("readyz check failed: \(names)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
