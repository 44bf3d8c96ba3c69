import Blobs

/// Ids derived from content, so a message recomputed after a crash has the id of the one it replaces.
public enum DeterministicID {
    /// An update's id: a hash of its base version and the (sorted) ids of the rollouts it learned from.
    public static func update(baseVersion: Int, rolloutIDs: [String]) -> String {
        let text = "v\(baseVersion)|" + rolloutIDs.sorted().joined(separator: "|")
        return "u-" + String(SHA256.hex(Array(text.utf8)).prefix(24))
    }
}
