import Foundation

/// Draws `FleetProgress` on a terminal: a block redrawn in place (plain ANSI: cursor up, clear line) when stdout is
/// a terminal, otherwise one summary line per `lineInterval` snapshots, so logs and pipes stay readable.
public struct FleetProgressView: Sendable {
    public let isTerminal: Bool
    /// Without a terminal, print every this many snapshots (≈ seconds at `tao up`'s 1/s refresh).
    public var lineInterval = 10
    private var drawnLines = 0
    private var snapshots = 0

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.isTerminal = isTerminal
    }

    /// Writes `progress` to stdout (or nothing, between periodic lines).
    public mutating func show(_ progress: FleetProgress) {
        snapshots += 1
        if isTerminal {
            let lines = Self.block(progress)
            var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
            for line in lines { text += "\u{1B}[2K" + line + "\n" }
            drawnLines = lines.count
            FileHandle.standardOutput.write(Data(text.utf8))
        } else if snapshots % lineInterval == 1 || lineInterval == 1 {
            FileHandle.standardOutput.write(Data((Self.line(progress) + "\n").utf8))
        }
    }

    /// The full block: one line of flow, one of learning, one of lag, one of processes.
    public static func block(_ p: FleetProgress) -> [String] {
        let running = p.children.filter(\.running).count
        let down = p.children.filter { !$0.running }.map(\.name)
        return [
            "tao up — \(Int(p.elapsed))s",
            "  flow      prompts \(p.prompts)  candidates \(p.candidates) (\(p.candidateSamples) samples)  rollouts \(p.rollouts)  updates \(p.updates)",
            "  learning  policy v\(p.policyVersion.map(String.init) ?? "–")  reward mean \(reward(p.rewardMean))  applied \(p.updatesApplied)  stale dropped \(p.staleDropped)  dead letters \(p.deadLetters)",
            "  backlog   " + stages.map { "\($0)s \(p.backlog[$0] ?? 0)" }.joined(separator: "  ")
                + "   consumer lag (scraped) " + stages.map { p.lag[$0].map(String.init) ?? "–" }.joined(separator: "/"),
            "  processes \(running)/\(p.children.count) running" + (down.isEmpty ? "" : "  (down: \(down.joined(separator: ", ")))"),
        ]
    }

    /// One line for logs.
    public static func line(_ p: FleetProgress) -> String {
        "[\(Int(p.elapsed))s] v\(p.policyVersion.map(String.init) ?? "-") prompts=\(p.prompts) candidates=\(p.candidates) "
            + "rollouts=\(p.rollouts) updates=\(p.updates) reward=\(reward(p.rewardMean)) stale=\(p.staleDropped) "
            + "dead=\(p.deadLetters) backlog=" + stages.map { "\(p.backlog[$0] ?? 0)" }.joined(separator: "/")
            + " lag=" + stages.map { "\(p.lag[$0] ?? 0)" }.joined(separator: "/")
            + " procs=\(p.children.filter(\.running).count)/\(p.children.count)"
    }

    static let stages = ["generator", "scorer", "trainer"]

    static func reward(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "–"
    }
}
