/// The log line a stage writes when it drops rollouts as stale: what lets a soak's accounting (or an operator with
/// the logs) tell a prompt dropped for age from one lost. Stale drops are rare in a healthy fleet, so one line each.
public enum StaleDrop {
    static let marker = "stale drop ["

    /// `stale drop [id1 id2]: reason`.
    public static func line(rolloutIDs: [String], reason: String) -> String {
        "\(marker)\(rolloutIDs.joined(separator: " "))]: \(reason)"
    }

    /// The rollout ids a line written by ``line(rolloutIDs:reason:)`` names; empty for any other line.
    public static func rolloutIDs(inLogLine line: String) -> [String] {
        guard let start = line.range(of: marker), let end = line[start.upperBound...].firstIndex(of: "]") else { return [] }
        return line[start.upperBound..<end].split(separator: " ").map(String.init)
    }
}
