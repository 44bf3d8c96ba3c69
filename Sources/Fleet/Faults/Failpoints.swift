import Foundation

/// Named places in the stages where a fault-injection run (`tao soak`) makes a process die on purpose, at the
/// moments a random SIGKILL from outside would rarely hit: between the two files of a checkpoint, between a commit
/// and its announcement, after a trainer stored an update's gradients but before it published the update, after a
/// generator sampled a prompt but before it published the candidates.
///
/// Off unless the environment sets `TAO_FAILPOINTS`, a comma-separated list of `name@probability`, e.g.
/// `coordinator.mid-checkpoint@0.05,trainer.mid-update@0.01`: each time a process passes a listed point it sends
/// itself SIGKILL with that probability, after saying so on stderr. Like FoundationDB's buggify or TiKV's
/// fail-rs, but only ever a kill: the stages' recovery is what is under test, not error paths made up for it.
/// `TAO_FAILPOINTS_UNTIL` (seconds since 1970) ends them, so a run can be calm again without restarting anything.
public enum Failpoints {
    /// The points the stages pass, by name.
    public static let names: Set<String> = [
        "coordinator.mid-checkpoint", "coordinator.mid-publish", "trainer.mid-update", "generator.mid-batch",
    ]

    /// The environment variable that turns them on.
    public static let environmentKey = "TAO_FAILPOINTS"
    /// The environment variable that says when they stop firing (seconds since 1970).
    public static let untilKey = "TAO_FAILPOINTS_UNTIL"

    /// `name@probability` pairs; throws on an unknown name or a probability outside 0…1.
    public static func parse(_ spec: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let probability = Double(parts[1]), (0...1).contains(probability) else {
                throw FailpointError("'\(item)' is not name@probability (a probability from 0 to 1), e.g. trainer.mid-update@0.02")
            }
            guard names.contains(parts[0]) else {
                throw FailpointError("no failpoint '\(parts[0])'; the failpoints are \(names.sorted().joined(separator: ", "))")
            }
            result[parts[0]] = probability
        }
        return result
    }

    /// Read once per process. A malformed value turns nothing on and is reported on stderr.
    static let active: [String: Double] = {
        guard let spec = ProcessInfo.processInfo.environment[environmentKey] else { return [:] }
        do {
            return try parse(spec)
        } catch {
            FileHandle.standardError.write(Data("\(environmentKey) ignored: \(error)\n".utf8))
            return [:]
        }
    }()

    static let until: Date? = ProcessInfo.processInfo.environment[untilKey].flatMap(Double.init)
        .map(Date.init(timeIntervalSince1970:))

    /// Passing point `name`: dies here with its configured probability.
    public static func pass(_ name: String) {
        guard let probability = active[name], until.map({ Date() < $0 }) ?? true,
              Double.random(in: 0..<1) < probability
        else { return }
        FileHandle.standardError.write(Data("failpoint \(name): SIGKILL\n".utf8))
        kill(getpid(), SIGKILL)
    }
}

public struct FailpointError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
