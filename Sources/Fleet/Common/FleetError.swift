/// Errors of the fleet's services, each saying what went wrong and what to do.
public enum FleetError: Error, CustomStringConvertible, Equatable {
    case corruptCheckpoint(path: String, detail: String)
    /// The updates topic must be one partition: the coordinator applies updates in one total order.
    case updatesTopicPartitions(topic: String, count: Int)

    public var description: String {
        switch self {
        case .corruptCheckpoint(let path, let detail):
            return "the coordinator checkpoint \(path) cannot be read (\(detail)); restore it from the "
                + "checkpoint-v<N>.json beside it, or remove the directory to start from the base policy"
        case .updatesTopicPartitions(let topic, let count):
            return "the updates topic \(topic) has \(count) partitions, but the coordinator needs exactly 1 (one total "
                + "order of updates, see docs/topics.md): a broker may have auto-created it; recreate it with 1 partition"
        }
    }
}
