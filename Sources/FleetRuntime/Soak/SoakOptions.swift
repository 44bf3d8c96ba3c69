import Foundation

/// What a soak does to the fleet besides the SIGKILLs from outside.
public enum SoakFault: String, CaseIterable, Sendable, Codable {
    /// Stages kill themselves at their failpoints (mid-checkpoint, mid-publish, mid-update, mid-batch).
    case failpoints
    /// A broker goes down for a few seconds and comes back.
    case brokerDown = "broker-down"
    /// A broker answers every request late for a while.
    case latency
    /// A partition's leader moves to another broker.
    case leaderMove = "leader-move"
    /// Some prompts are garbage on purpose (not JSON, no text, an unknown task): they must be dead-lettered.
    case poison
}

/// How long a soak runs and how hard it is on the fleet.
public struct SoakOptions: Sendable {
    public var duration: Duration
    /// SIGKILLs from outside, at random times and of random children, spread over the run.
    public var kills: Int
    public var faults: Set<SoakFault> = Set(SoakFault.allCases)
    /// Seeds the schedule of kills and faults and the choice of victims.
    public var seed: UInt64 = 1
    public var promptsPerSecond: Double = 2
    /// Chance of dying each time a generator or trainer passes its failpoint (once per prompt); the coordinator's
    /// points, passed once per version, get `coordinatorFailpointFactor` times as much, so every point fires a few
    /// times in a run.
    public var failpointProbability: Double = 0.005
    public var coordinatorFailpointFactor: Double = 6
    /// Seconds between broker faults, on average.
    public var faultInterval: Double = 30
    /// How long the fleet gets after the last prompt to account for everything.
    public var drainDeadline: Duration = .seconds(180)
    /// RSS samples of a process younger than this are warm-up, left out of the RSS bands.
    public var rssWarmUp: Double = 60
    public var rssInterval: Duration = .seconds(5)

    public init(duration: Duration, kills: Int) {
        self.duration = duration
        self.kills = kills
    }

    /// The chance of dying at the failpoint `name`.
    public func failpointProbability(of name: String) -> Double {
        min(1, name.hasPrefix("coordinator.") ? failpointProbability * coordinatorFailpointFactor : failpointProbability)
    }

    /// `failpoints,broker-down,…` or `all` or `none`.
    public static func parseFaults(_ text: String) throws -> Set<SoakFault> {
        if text == "all" { return Set(SoakFault.allCases) }
        if text == "none" || text.isEmpty { return [] }
        return try Set(text.split(separator: ",").map { name in
            guard let fault = SoakFault(rawValue: String(name)) else {
                throw FleetRuntimeError.invalidConfiguration(
                    "no soak fault '\(name)'; choose from \(SoakFault.allCases.map(\.rawValue).joined(separator: ", ")), all, none")
            }
            return fault
        })
    }
}
