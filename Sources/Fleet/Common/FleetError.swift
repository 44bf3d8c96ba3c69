/// Errors of the fleet's services, each saying what went wrong and what to do.
public enum FleetError: Error, CustomStringConvertible, Equatable {
    case corruptCheckpoint(path: String, detail: String)
    /// The updates topic must be one partition: the coordinator applies updates in one total order.
    case updatesTopicPartitions(topic: String, count: Int)
    /// Another coordinator claimed a newer fencing epoch: this one must not commit, and stops.
    case fenced(epoch: Int, by: Int, version: Int)

    public var description: String {
        switch self {
        case .corruptCheckpoint(let path, let detail):
            return "the coordinator checkpoint \(path) cannot be read (\(detail)); restore it from the "
                + "checkpoint-v<N>.json beside it, or remove the directory to start from the base policy"
        case .updatesTopicPartitions(let topic, let count):
            return "the updates topic \(topic) has \(count) partitions, but the coordinator needs exactly 1 (one total "
                + "order of updates, see docs/topics.md): a broker may have auto-created it; recreate it with 1 partition"
        case .fenced(let epoch, let newer, let version):
            return "fenced: this coordinator holds epoch \(epoch) but another claimed epoch \(newer) (it took the updates "
                + "partition over, e.g. while this one was paused); v\(version) was not committed and this instance stops. "
                + "Restarted, it rejoins as a standby (docs/reliability.md, \"Fencing\")"
        }
    }
}
