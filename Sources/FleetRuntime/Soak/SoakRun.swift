import Blobs
import Blocking
import Deterministic
import Fleet
import Foundation
import Kafka
import Messages
import Synchronization

/// A fault-injection soak: the whole fleet as processes on the embedded broker, fed prompts at a steady rate while
/// children are SIGKILLed at random (and kill themselves at failpoints), brokers go down, slow down and lose
/// partition leadership. The supervisor restarts what dies, as an orchestrator would. At the end the fleet gets
/// time to drain, and the soak accounts for every prompt (``SoakAccounting``), checks every announced policy's
/// bytes, every coordinator restart's checkpoint and the policy's progress, and reports each stage's RSS.
///
/// ```swift
/// let report = try await SoakRun(configuration, options: SoakOptions(duration: .seconds(120), kills: 6)).run { print($0) }
/// guard report.failures.isEmpty else { … }
/// ```
public final class SoakRun: Sendable {
    public let configuration: FleetConfiguration
    public let options: SoakOptions
    private struct State {
        var produced: [SoakAccounting.Produced] = []
        /// Records fed, the drain's traffic included.
        var fed = 0
        var kills: [String: Int] = [:]
        var faults: [String: Int] = [:]
        var rss: [RSSSample] = []
        var firstSeen: [Int32: ContinuousClock.Instant] = [:]
        var checkedVersions: Set<Int> = []
        var verified = 0
        var prunedBeforeCheck = 0
        var policyFailures: [String] = []
        var versionsAtFifths: [Int] = []
        /// Follows the log for stale drops, so the feeder knows which prompts left the pipeline that way.
        var log: LogTail
        var stalePrompts: Set<String> = []
    }
    private let state: Mutex<State>
    private let started = ContinuousClock.now

    /// Restarts children with `configuration.restart` (the `tao up` policy when nil).
    public init(_ configuration: FleetConfiguration, options: SoakOptions) {
        var configuration = configuration
        configuration.restart = configuration.restart ?? RestartPolicy()
        self.configuration = configuration
        self.options = options
        state = Mutex(State(log: LogTail(configuration.logFile)))
    }

    private var elapsed: Double {
        let d = ContinuousClock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Runs the soak; `progress` hears a line now and then. The report says whether it passed (`failures`).
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> SoakReport {
        if options.faults.contains(.failpoints) {
            // The children inherit these; the failpoints stop firing when the chaos does, so the drain is calm.
            let spec = Failpoints.names.sorted().map { "\($0)@\(options.failpointProbability(of: $0))" }
            setenv(Failpoints.environmentKey, spec.joined(separator: ","), 1)
            let until = Date().timeIntervalSince1970 + Double(options.duration.components.seconds)
            setenv(Failpoints.untilKey, String(until), 1)
        } else {
            unsetenv(Failpoints.environmentKey)
        }
        defer { unsetenv(Failpoints.environmentKey); unsetenv(Failpoints.untilKey) }
        let fleet = FleetSupervisor(configuration)
        do {
            try await fleet.start()
        } catch {
            await fleet.stop()
            throw error
        }
        var rng = SplitMix64(seed: options.seed)
        let killTimes = (0..<options.kills).map { _ in 0.05 + 0.9 * uniform(&rng) }.sorted()
        let background = [
            Task { await sampleRSS(fleet) },
            Task { await watchCoordinator(fleet) },
            Task { await verifyPolicies(fleet) },
        ]
        let (killSeed, faultSeed) = (rng.next(), rng.next())
        let chaos = [
            Task { await kill(fleet, at: killTimes, seed: killSeed) },
            Task { await injectBrokerFaults(fleet, seed: faultSeed) },
            Task { await recordFifths() },
        ]
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                let p = await fleet.snapshot()
                let ledger = fleet.ledger
                // Distinct ids: a redelivered record is one prompt, however often it is on a topic.
                progress(String(format: "soak %.0f s: prompts %d, sampled %d, rollouts %d, v%d, dead letters %d, kills %d",
                    elapsed, ledger.promptIDs.count, ledger.sampledPromptIDs.count, ledger.rolloutIDs.count,
                    p.policyVersion ?? -1, p.deadLetters, totalKills()))
            }
        }
        do {
            try await feed(fleet)
        } catch {
            progress("soak: feeding failed: \(error)")
        }
        for task in chaos { task.cancel(); await task.value }
        await restoreBrokers(fleet)
        progress(String(format: "soak %.0f s: feeding, kills and faults over; draining", elapsed))
        let drainEnd = ContinuousClock.now + options.drainDeadline
        // Traffic goes on while the fleet drains, as it would in production: the coordinator commits a version per
        // `updatesPerVersion` updates, so without it the last prompts would wait in a half-full batch for ever.
        // The drain's prompts are not accounted for; they only push the accounted ones through.
        var accounting = try await account(fleet)
        var drainIndex = 0
        while !accounting.complete, ContinuousClock.now < drainEnd {
            for _ in 0..<5 {
                try await feedBatch(fleet) { try SoakPrompts.drainRecord(&drainIndex) }
                try? await Task.sleep(for: .seconds(1))
            }
            accounting = try await account(fleet)
        }
        // One last look at announcements the drain produced.
        try? await Task.sleep(for: .seconds(4))
        for task in background + [reporter] { task.cancel() }
        for task in background + [reporter] { await task.value }
        await checkPolicies(fleet)
        accounting = try await account(fleet)
        let log = (try? String(contentsOf: configuration.logFile, encoding: .utf8)) ?? ""
        let letters = fleet.ledger.deadLetters
        await fleet.stop()
        var report = report(accounting: accounting, log: log)
        let poison = Set(state.withLock { $0.produced }.filter(\.poison).map(\.sha256))
        report.otherDeadLetters = letters.filter { !poison.contains($0.originalSHA256 ?? "") }
            .map { "\($0.stage) \($0.sourceTopic): \($0.reason)" }
        return report
    }

    // MARK: feeding

    /// Prompts at `promptsPerSecond` until the duration is up, holding back while the generators are far behind
    /// (the embedded broker evicts what a lagging consumer has not read).
    private func feed(_ fleet: FleetSupervisor) async throws {
        let duration = Double(options.duration.components.seconds)
        let poison = options.faults.contains(.poison)
        var index = 0
        let tick = 0.5
        while elapsed < duration {
            try await feedBatch(fleet) {
                let record = try SoakPrompts.record(index, poison: poison)
                index += 1
                state.withLock { $0.produced.append(record.produced) }
                return (record.key, record.value)
            }
            try await Task.sleep(for: .milliseconds(Int(tick * 1000)))
        }
    }

    /// Half a second's worth of records from `next`, unless the fleet is holding too many prompts: the generators
    /// 64 or more behind (the embedded broker evicts what a lagging consumer has not read), or more prompts not yet
    /// judged by the coordinator than it applies in `maxLag` versions. A longer backlog, piled up while the
    /// coordinator restarts, would mostly be stale once it comes back (every update in it was taken at the same
    /// version), and the soak would mostly test the stale rule; a production source has the same choice (hold
    /// back, or lose what ages out).
    private func feedBatch(_ fleet: FleetSupervisor, next: () throws -> (key: String, value: [UInt8])) async throws {
        let ledger = fleet.ledger
        let (fed, stale) = state.withLock { state in
            let stale = SoakAccounting.staleRollouts(inLines: state.log.newLines())
            state.stalePrompts.formUnion(stale.compactMap(RolloutID.promptID(of:)))
            return (state.fed, state.stalePrompts.count)
        }
        let unsampled = fed - ledger.sampledPromptIDs.count - ledger.deadLetteredSHA256.count
        // A version is committed per `updatesPerVersion` applied updates, one per prompt. Dead letters of later
        // stages are counted by their record's hash too, so this errs towards feeding.
        let applied = (ledger.policyVersions.max() ?? 0) * configuration.settings.coordinator.updatesPerVersion
        let unjudged = fed - applied - stale - ledger.deadLetteredSHA256.count
        guard unsampled < 64, unjudged < maxInFlight else { return }
        let records = try (0..<max(1, Int((options.promptsPerSecond / 2).rounded()))).map { _ in try next() }
        try await fleet.feed(raw: records)
        state.withLock { $0.fed += records.count }
    }

    /// Prompts the pipeline may hold before the feeder waits: as many as the coordinator trains in `maxLag` versions.
    private var maxInFlight: Int {
        max(8, configuration.settings.coordinator.updatesPerVersion * configuration.settings.shared.maxLag)
    }

    // MARK: chaos

    /// SIGKILLs at `times` (fractions of the run): each cycle of kills goes through every stage in a shuffled
    /// order, so every stage dies at least once when there are as many kills as stages, and a random replica of it.
    private func kill(_ fleet: FleetSupervisor, at times: [Double], seed: UInt64) async {
        var rng = SplitMix64(seed: seed)
        let duration = Double(options.duration.components.seconds)
        let stages = Array(Set(fleet.children.map { RSSSummary.stageKind(of: $0.name) })).sorted()
        var cycle: [String] = []
        for time in times {
            while elapsed < time * duration {
                guard (try? await Task.sleep(for: .milliseconds(200))) != nil else { return }
            }
            if cycle.isEmpty {
                cycle = stages
                for i in stride(from: cycle.count - 1, to: 0, by: -1) { cycle.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            }
            let stage = cycle.removeLast()
            // A replica of it that runs, waiting a little for one that is restarting.
            var running: [ChildProcess] = []
            for _ in 0..<100 {
                running = fleet.children.filter { RSSSummary.stageKind(of: $0.name) == stage && $0.isRunning }
                if !running.isEmpty { break }
                guard (try? await Task.sleep(for: .milliseconds(200))) != nil else { return }
            }
            guard !running.isEmpty else { continue }
            let victim = running[Int(rng.next() % UInt64(running.count))]
            fleet.note("SIGKILL \(victim.name) pid \(victim.pid ?? -1)", from: "soak")
            victim.send(SIGKILL)
            state.withLock { $0.kills[victim.name, default: 0] += 1 }
        }
    }

    private func injectBrokerFaults(_ fleet: FleetSupervisor, seed: UInt64) async {
        var rng = SplitMix64(seed: seed)
        let kinds = [SoakFault.brokerDown, .latency, .leaderMove].filter(options.faults.contains)
        guard let broker = fleet.broker, !kinds.isEmpty else { return }
        let brokers = Int32(broker.brokerCount)
        while !Task.isCancelled {
            let wait = options.faultInterval * (0.5 + uniform(&rng))
            guard (try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))) != nil else { return }
            let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
            let id = Int32(rng.next() % UInt64(brokers)) + 1
            do {
                switch kind {
                case .brokerDown where brokers > 1:
                    fleet.note("broker \(id) down for 5 s", from: "soak")
                    try await broker.setBrokerDown(id)
                    try? await Task.sleep(for: .seconds(5))
                    try await broker.setBrokerUp(id)
                case .latency:
                    fleet.note("broker \(id) answers 300 ms late for 10 s", from: "soak")
                    try await broker.setLatency(.milliseconds(300), broker: id)
                    try? await Task.sleep(for: .seconds(10))
                    try await broker.setLatency(.zero, broker: id)
                case .leaderMove:
                    let topics = configuration.topics.all
                    let topic = topics[Int(rng.next() % UInt64(topics.count))]
                    let partition = Int(rng.next() % UInt64(topic.partitions))
                    fleet.note("leader of \(topic.name)/\(partition) moves to broker \(id)", from: "soak")
                    try await broker.moveLeader(topic: topic.name, partition: partition, to: id)
                default:
                    continue
                }
                state.withLock { $0.faults[kind.rawValue, default: 0] += 1 }
            } catch {
                fleet.note("fault \(kind.rawValue) failed: \(error)", from: "soak")
            }
        }
    }

    /// Every broker up and prompt again (a cancelled fault may have left one down or slow).
    private func restoreBrokers(_ fleet: FleetSupervisor) async {
        guard let broker = fleet.broker else { return }
        for id in 1...Int32(broker.brokerCount) {
            try? await broker.setBrokerUp(id)
            try? await broker.setLatency(.zero, broker: id)
        }
    }

    private func recordFifths() async {
        let store = try? CheckpointStore(directory: configuration.checkpointDirectory)
        let fifth = Double(options.duration.components.seconds) / 5
        for index in 0...5 {
            while elapsed < Double(index) * fifth {
                guard (try? await Task.sleep(for: .milliseconds(200))) != nil else { return }
            }
            let version = (try? store?.load())??.version ?? 0
            state.withLock { $0.versionsAtFifths.append(version) }
        }
    }

    // MARK: watching

    private func sampleRSS(_ fleet: FleetSupervisor) async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            for child in fleet.children {
                guard child.isRunning, let pid = child.pid, let rss = RSSSample.read(pid: pid) else { continue }
                state.withLock { state in
                    let first = state.firstSeen[pid] ?? now
                    state.firstSeen[pid] = first
                    let uptime = now - first
                    state.rss.append(RSSSample(
                        t: elapsed, child: child.name, pid: pid,
                        uptime: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) * 1e-18, rssMiB: rss))
                }
            }
            guard (try? await Task.sleep(for: options.rssInterval)) != nil else { return }
        }
    }

    /// On every death of the coordinator, notes in the log which checkpoint is on disk: the next instance must say
    /// it resumed from exactly that one (checked in ``report(accounting:log:)``).
    private func watchCoordinator(_ fleet: FleetSupervisor) async {
        guard let coordinator = fleet.child(named: "coordinator") else { return }
        let store = try? CheckpointStore(directory: configuration.checkpointDirectory)
        // Polls rather than awaiting the exit, so that cancelling the soak's watchers never waits on a live child.
        var watched = coordinator.isRunning ? coordinator.pid : nil
        while !Task.isCancelled {
            if let pid = watched, !coordinator.isRunning || coordinator.pid != pid {
                if let checkpoint = (try? store?.load()) ?? nil {
                    fleet.note("coordinator pid \(pid) exited; expect: \(CoordinatorService.resumedLine(checkpoint))", from: "soak")
                }
                watched = nil
            }
            if watched == nil, coordinator.isRunning { watched = coordinator.pid }
            guard (try? await Task.sleep(for: .milliseconds(50))) != nil else { return }
        }
    }

    private func verifyPolicies(_ fleet: FleetSupervisor) async {
        while !Task.isCancelled {
            await checkPolicies(fleet)
            guard (try? await Task.sleep(for: .seconds(2))) != nil else { return }
        }
    }

    /// Fetches each announced version not checked yet, checks its bytes against the checksum and decodes it.
    private func checkPolicies(_ fleet: FleetSupervisor) async {
        guard let store = try? DirectoryBlobStore(root: configuration.blobStore) else { return }
        let worker = BlockingWorker(label: "tao.soak.verify")
        let checked = state.withLock { $0.checkedVersions }
        for announcement in fleet.ledger.announcements where !checked.contains(announcement.version) {
            state.withLock { _ = $0.checkedVersions.insert(announcement.version) }
            do {
                _ = try await PolicyCodec.load(announcement, store: store, worker: worker)
                state.withLock { $0.verified += 1 }
            } catch {
                let pruned = configuration.checkpointDirectory.appendingPathComponent("checkpoint-v\(announcement.version).pruned.json")
                if FileManager.default.fileExists(atPath: pruned.path) {
                    state.withLock { $0.prunedBeforeCheck += 1 }
                } else {
                    state.withLock { $0.policyFailures.append("policy v\(announcement.version) does not load: \(error)") }
                }
            }
        }
    }

    // MARK: the end

    private func account(_ fleet: FleetSupervisor) async throws -> SoakAccounting {
        let ledger = fleet.ledger
        let log = (try? String(contentsOf: configuration.logFile, encoding: .utf8)) ?? ""
        return SoakAccounting(
            produced: state.withLock { $0.produced },
            applied: try SoakAccounting.appliedRollouts(in: configuration.checkpointDirectory),
            deadLetteredSHA256: ledger.deadLetteredSHA256, deadLetteredPromptIDs: ledger.deadLetteredPromptIDs,
            staleRollouts: SoakAccounting.staleRollouts(inLog: log))
    }

    private func totalKills() -> Int { state.withLock { $0.kills.values.reduce(0, +) } }

    /// The RSS samples taken so far (for a plot).
    public var rssSamples: [RSSSample] { state.withLock { $0.rss } }

    func report(accounting: SoakAccounting, log: String) -> SoakReport {
        var report = SoakReport(seconds: elapsed)
        report.accounting = accounting
        var expected: String?
        for line in log.split(separator: "\n") {
            if let range = line.range(of: "failpoint "), line.hasSuffix(": SIGKILL") {
                let name = line[range.upperBound...].dropLast(": SIGKILL".count)
                report.failpointKills[String(name), default: 0] += 1
            }
            if line.contains("; restarting in ") { report.restarts += 1 }
            if line.hasPrefix("[soak]"), let range = line.range(of: "expect: ") {
                expected = String(line[range.upperBound...])
            } else if line.hasPrefix("[coordinator]"), let range = line.range(of: "resumed from checkpoint v") {
                let said = line[range.lowerBound...].prefix { $0 != ")" } + ")"
                if let wanted = expected {
                    report.coordinatorResumes += 1
                    if said != wanted { report.resumeFailures.append("a restarted coordinator \(said), but the checkpoint on disk when it died was \(wanted.dropFirst("resumed from ".count))") }
                }
                expected = nil
            }
        }
        state.withLock { state in
            report.kills = state.kills
            report.faults = state.faults
            report.policiesVerified = state.verified
            report.policiesPrunedBeforeCheck = state.prunedBeforeCheck
            report.policyFailures = state.policyFailures
            report.versionsAtFifths = state.versionsAtFifths
            report.rss = RSSSummary.summarize(state.rss, warmUp: options.rssWarmUp)
        }
        return report
    }
}

/// A uniform double in [0, 1).
private func uniform(_ rng: inout SplitMix64) -> Double {
    Double(rng.next() >> 11) / Double(1 << 53)
}
