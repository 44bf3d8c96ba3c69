import Foundation

/// One reading of a child's resident set size, from `/proc/<pid>/status`.
public struct RSSSample: Sendable, Codable, Equatable {
    /// Seconds since the soak started.
    public var t: Double
    public var child: String
    public var pid: Int32
    /// Seconds since this process (this incarnation of the child) started.
    public var uptime: Double
    public var rssMiB: Double

    /// `VmRSS` of `pid` in MiB, nil once it is gone.
    public static func read(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kib / 1024
    }
}

/// A stage's RSS after warm-up: the band its samples stay in, relative to their median.
public struct RSSSummary: Sendable, Codable, Equatable {
    public var stage: String
    public var samples: Int
    public var medianMiB: Double
    public var minMiB: Double
    public var maxMiB: Double
    /// max(|sample − median|) / median, as a percentage.
    public var maxDeviationPercent: Double

    /// Per stage kind (`generator`, `trainer`, …: replicas pooled), samples taken at least `warmUp` seconds into
    /// their process's life, so each restarted incarnation gets its own warm-up.
    public static func summarize(_ samples: [RSSSample], warmUp: Double) -> [RSSSummary] {
        let warm = samples.filter { $0.uptime >= warmUp }
        let byStage = Dictionary(grouping: warm) { stageKind(of: $0.child) }
        return byStage.keys.sorted().compactMap { stage in
            let values = (byStage[stage] ?? []).map(\.rssMiB).sorted()
            guard let low = values.first, let high = values.last else { return nil }
            let median = values[values.count / 2]
            let deviation = values.map { abs($0 - median) }.max() ?? 0
            return RSSSummary(
                stage: stage, samples: values.count, medianMiB: median, minMiB: low, maxMiB: high,
                maxDeviationPercent: median > 0 ? 100 * deviation / median : 0)
        }
    }

    /// `generator-2` → `generator`, `coordinator-standby` → `coordinator`.
    public static func stageKind(of child: String) -> String {
        String(child.split(separator: "-").first ?? Substring(child))
    }
}
