/// Errors of ``FleetBenchmark``, each saying what happened and what to do.
public enum FleetBenchmarkError: Error, CustomStringConvertible, Equatable {
    /// The stages had not processed every group of `waitingFor` (applied, stale or duplicate) after `limit`.
    case timedOut(waitingFor: String, limit: Duration)

    public var description: String {
        switch self {
        case .timedOut(let what, let limit):
            return "fleet benchmark: timed out after \(limit) waiting for \(what): a stage is stuck or dead-lettering "
                + "groups (dead letters are never counted as processed); on a slow or busy machine, rerun with fewer "
                + "--prompts or a smaller model (--hidden, --layers)"
        }
    }
}
