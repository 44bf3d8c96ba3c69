/// Errors of an in-process ``TuningRun``, each saying what happened and what to do.
public enum TuningError: Error, CustomStringConvertible, Equatable {
    /// The run ended and `directory` holds no checkpoint: the coordinator never committed a version, not even the
    /// base as version 0, so there is no policy to return.
    case noPolicyCommitted(directory: String)

    public var description: String {
        switch self {
        case .noPolicyCommitted(let directory):
            return "the run ended before the coordinator committed any policy in \(directory), not even the base as "
                + "version 0: give the run a budget of at least one prompt and time for the base to load, and check "
                + "that the directory is writable and nothing else removes it"
        }
    }
}
