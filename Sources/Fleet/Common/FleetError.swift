/// Errors of the fleet's services, each saying what went wrong and what to do.
public enum FleetError: Error, CustomStringConvertible, Equatable {
    case corruptCheckpoint(path: String, detail: String)
    case io(String)

    public var description: String {
        switch self {
        case .corruptCheckpoint(let path, let detail):
            return "the coordinator checkpoint \(path) cannot be read (\(detail)); restore it from the "
                + "checkpoint-v<N>.json beside it, or remove the directory to start from the base policy"
        case .io(let message):
            return message
        }
    }
}
