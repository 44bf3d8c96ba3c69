/// A rollout's id, `<prompt id>@v<policy version>`: the one place that writes and reads it.
///
/// The coordinator judges an update's age by the versions in its rollout ids and forgets applied ids by the same
/// versions, so an id whose version cannot be read is refused where it arrives instead of being kept forever.
public enum RolloutID {
    public static func make(promptID: String, policyVersion: Int) -> String { "\(promptID)@v\(policyVersion)" }

    /// The policy version that sampled the rollout `id`, or nil when `id` is not `<prompt>@v<version ≥ 0>`.
    public static func policyVersion(of id: String) -> Int? {
        guard let marker = id.range(of: "@v", options: .backwards), marker.lowerBound != id.startIndex else {
            return nil
        }
        let digits = id[marker.upperBound...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// The prompt the rollout `id` answers, or nil when `id` is not `<prompt>@v<version ≥ 0>`.
    public static func promptID(of id: String) -> String? {
        guard policyVersion(of: id) != nil, let marker = id.range(of: "@v", options: .backwards) else { return nil }
        return String(id[..<marker.lowerBound])
    }
}
