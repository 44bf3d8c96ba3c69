/// How a reader of the policy topic ignores a fenced coordinator: the newest fencing epoch seen, and the version
/// that epoch began at (its claim re-announces the checkpoint it took over). A version above that from an older
/// epoch was committed by a coordinator that had lost the role — it is not in the lineage the fleet continues — and
/// so is any announcement from an older epoch read after the newer one. Versions up to the claim's are the shared
/// history of both epochs.
public struct EpochFence: Sendable, Hashable {
    public private(set) var epoch = 0
    /// The version the newest epoch was claimed at; -1 before any claim.
    public private(set) var claimedAt = -1

    public init() {}

    public enum Admission: Sendable, Hashable {
        /// From the newest epoch: use it.
        case current
        /// From a newer epoch than any seen: use it; what ``fences(epoch:version:)`` refuses has grown.
        case newEpoch
        /// From an older epoch, of a version the newest epoch shares (one announced before the claim and delivered
        /// after it, say): nothing new; ignore it.
        case late
        /// From an older epoch, of a version past the newest epoch's claim: a fenced coordinator's commit; ignore it
        /// (and dead-letter it).
        case fenced(newest: Int)
    }

    /// Reads one announcement, in topic order.
    public mutating func admit(_ announcement: PolicyAnnouncement) -> Admission {
        let epoch = announcement.fencingEpoch
        if epoch < self.epoch {
            return fences(epoch: epoch, version: announcement.version) ? .fenced(newest: self.epoch) : .late
        }
        guard epoch > self.epoch else { return .current }
        (self.epoch, claimedAt) = (epoch, announcement.version)
        return .newEpoch
    }

    /// Whether a version loaded or pending from `epoch` is outside the newest epoch's lineage.
    public func fences(epoch: Int, version: Int) -> Bool { epoch < self.epoch && version > claimedAt }

    /// Adds `announcement` to `lineage` (the newest announcement of each version) unless this fence refuses it;
    /// versions a newer epoch fences are removed. Returns what `admit` said.
    @discardableResult
    public mutating func add(_ announcement: PolicyAnnouncement, to lineage: inout [Int: PolicyAnnouncement]) -> Admission {
        let admission = admit(announcement)
        switch admission {
        case .fenced, .late: return admission
        case .newEpoch: lineage = lineage.filter { !fences(epoch: $0.value.fencingEpoch, version: $0.key) }
        case .current: break
        }
        lineage[announcement.version] = announcement
        return admission
    }

    /// The dead-letter reason for an announcement this fence refuses.
    public static func reason(_ announcement: PolicyAnnouncement, newest: Int) -> String {
        "policy v\(announcement.version) comes from coordinator epoch \(announcement.fencingEpoch), older than epoch "
            + "\(newest) already announced: a fenced coordinator's commit, ignored"
    }
}
