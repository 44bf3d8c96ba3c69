import Foundation

/// What a soak did and found: printed at the end, written as `soak.json`, and failed on any miss.
public struct SoakReport: Sendable, Codable, Equatable {
    public var seconds: Double
    public var kills: [String: Int] = [:]
    public var failpointKills: [String: Int] = [:]
    public var faults: [String: Int] = [:]
    public var restarts = 0
    public var accounting = SoakAccounting()
    /// Announced versions whose weights were fetched, checked against their checksum and decoded.
    public var policiesVerified = 0
    /// Announced versions pruned by blob retention before the soak got to check them.
    public var policiesPrunedBeforeCheck = 0
    public var policyFailures: [String] = []
    /// Coordinator restarts checked: each resumed from the checkpoint on disk when the last instance died.
    public var coordinatorResumes = 0
    public var resumeFailures: [String] = []
    /// The committed version at each fifth of the run: it must rise in every one.
    public var versionsAtFifths: [Int] = []
    public var rss: [RSSSummary] = []
    /// Dead letters that were not the soak's poison: `stage topic: reason`. A signature refusal among them fails the
    /// soak (every stage trusts the key everything is signed with); the rest are listed for the reader.
    public var otherDeadLetters: [String] = []

    public var totalKills: Int { kills.values.reduce(0, +) + failpointKills.values.reduce(0, +) }

    /// Everything that makes the soak fail, each said plainly.
    public var failures: [String] {
        var result: [String] = []
        if !accounting.missing.isEmpty {
            result.append("\(accounting.missing.count) prompts neither trained on, dead-lettered nor dropped as stale: \(accounting.missing.prefix(10).joined(separator: " "))")
        }
        if !accounting.duplicates.isEmpty {
            result.append("\(accounting.duplicates.count) prompts trained on twice: \(accounting.duplicates.prefix(10).joined(separator: " "))")
        }
        if !accounting.poisonNotDeadLettered.isEmpty {
            result.append("\(accounting.poisonNotDeadLettered.count) poison records not dead-lettered")
        }
        result += policyFailures + resumeFailures
        for letter in otherDeadLetters where letter.contains(": signature: ") {
            result.append("a signed record was refused: \(letter)")
        }
        if policiesVerified == 0 { result.append("no announced policy was verified") }
        for (before, after) in zip(versionsAtFifths, versionsAtFifths.dropFirst()) where after <= before {
            result.append("the policy did not advance for a fifth of the run (versions at each fifth: \(versionsAtFifths))")
            break
        }
        return result
    }

    public var text: String {
        func list(_ counts: [String: Int]) -> String {
            counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        let a = accounting
        var lines = [
            "soak: \(Int(seconds)) s, \(totalKills) kills, \(restarts) restarts, \(a.versions) versions",
            "  kills from outside: \(list(kills))",
            "  kills at failpoints: \(list(failpointKills))",
            "  broker faults: \(list(faults))",
            "  prompts in \(a.produced) (poison \(a.poison)): trained \(a.trained), dead-lettered \(a.deadLettered), stale \(a.stale), missing \(a.missing.count), duplicates \(a.duplicates.count)",
            "  policies: \(policiesVerified) verified (checksum and decode), \(policiesPrunedBeforeCheck) pruned before the check, \(policyFailures.count) bad",
            "  coordinator resumes: \(coordinatorResumes) checked, \(resumeFailures.count) wrong; versions at each fifth: \(versionsAtFifths)",
            "  dead letters besides the poison: \(otherDeadLetters.isEmpty ? "none" : otherDeadLetters.joined(separator: "; "))",
        ]
        for summary in rss {
            lines.append(String(
                format: "  rss %@: median %.1f MiB, %.1f…%.1f, max deviation %.1f%% (%d samples after warm-up)",
                summary.stage, summary.medianMiB, summary.minMiB, summary.maxMiB, summary.maxDeviationPercent, summary.samples))
        }
        let failures = failures
        lines.append(failures.isEmpty ? "soak passed" : "soak FAILED:\n" + failures.map { "  - \($0)" }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }
}
