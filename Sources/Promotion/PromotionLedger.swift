import Messages

/// The promotion record folded into what it says now: the promoted version, which versions the gate has judged, and
/// what a rollback returns to. Built from the `promotions` topic read from its start.
public struct PromotionLedger: Sendable, Equatable {
    public private(set) var history: [PromotionRecord] = []

    public init(_ records: [PromotionRecord] = []) {
        for record in records { apply(record) }
    }

    public mutating func apply(_ record: PromotionRecord) { history.append(record) }

    /// The version that serves: that of the newest record that is not a refusal.
    public var promoted: Int? { history.last(where: \.promotes)?.version }

    /// Versions with a decision of any kind (the gate judges each version once).
    public var decided: Set<Int> { Set(history.map(\.version)) }

    /// What `tao rollback` returns to: the version promoted before the current one (skipping the versions that were
    /// themselves rolled back from), or `nil` when nothing was promoted before it.
    public var rollbackTarget: Int? {
        var promotedVersions: [Int] = []
        for record in history where record.promotes {
            if record.decision == .rolledBack, let index = promotedVersions.lastIndex(of: record.version) {
                promotedVersions.removeSubrange((index + 1)...)
            } else if promotedVersions.last != record.version {
                promotedVersions.append(record.version)
            }
        }
        return promotedVersions.count >= 2 ? promotedVersions[promotedVersions.count - 2] : nil
    }
}
