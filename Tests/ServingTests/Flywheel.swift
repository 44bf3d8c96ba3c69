import Evaluation
import Foundation
import Llama
import Tasks
import TestSupport
import Testing

/// `tao up`, `tao gate` and `tao serve` on one run, for the flywheel tests, with a small warm-started arithmetic
/// base and its dev file.
final class Flywheel: @unchecked Sendable {
    struct Decision: Decodable {
        let version: Int
        let decision: String
        let reason: String
        let figures: [String: Double]
    }

    let work: URL
    let up: ChildLog
    let gate: ChildLog
    let serve: ChildLog
    let port: Int
    let traffic: URL
    /// `--kafka-bootstrap`, `--run-id`: what an operator command needs to reach the run.
    var operatorArguments: [String] = []
    private var clients: [ChildLog] = []

    private init(work: URL, up: ChildLog, gate: ChildLog, serve: ChildLog, port: Int, traffic: URL) {
        (self.work, self.up, self.gate, self.serve, self.port, self.traffic) = (work, up, gate, serve, port, traffic)
    }

    static let task = ArithmeticTask(difficulty: .easy)

    static func start(scorer: String, learningRate: Double) async throws -> Flywheel {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-flywheel-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let base = try await Self.base()
        let dev = try writeDevFile(in: work)
        let traffic = work.appendingPathComponent("traffic.txt")
        try Data(task.prompts(count: 200, seed: 2).map(\.text).joined(separator: "\n").utf8).write(to: traffic)

        let runId = "flywheel-\(UUID().uuidString.prefix(8).lowercased())"
        let runDir = work.appendingPathComponent("run")
        let up = try ChildLog.tao([
            "up", "--base-model", base.path, "--task", "arithmetic", "--count", "0", "--run-dir", runDir.path,
            "--run-id", runId, "-n", "8", "--max-tokens", "6", "--temperature", "1", "--scorer-config", scorer,
            "--updates-per-version", "2", "--learning-rate", String(learningRate), "--lora-rank", "0",
        ], in: work, name: "up")
        var started = [up]
        defer { if started.count < 3 { for child in started { child.stop() } } }
        let bootstrap = try await up.waitForLine { $0.hasPrefix("tao up: broker ") }
            .split(separator: " ")[3].trimmingCharacters(in: CharacterSet(charactersIn: ","))
        let shared = ["--kafka-bootstrap", bootstrap, "--run-id", runId, "--blob-store", runDir.appendingPathComponent("blobs").path]
        let gate = try ChildLog.tao(
            ["gate"] + shared + ["--dev-file", dev.path, "--task", "arithmetic", "--tolerance", "0.05"], in: work, name: "gate")
        started.append(gate)
        let serve = try ChildLog.tao(["serve"] + shared + ["--port", "0"], in: work, name: "serve")
        started.append(serve)
        let port = try await serve.servePort()
        let flywheel = Flywheel(work: work, up: up, gate: gate, serve: serve, port: port, traffic: traffic)
        flywheel.operatorArguments = ["--kafka-bootstrap", bootstrap, "--run-id", runId]
        return flywheel
    }

    /// 80 labeled easy-arithmetic prompts as a gate's dev file (`gate.dev-file`), in `directory`.
    static func writeDevFile(in directory: URL) throws -> URL {
        let dev = directory.appendingPathComponent("dev.jsonl")
        let lines = DevSplit.examples(task: task, count: 80, excluding: []).map { example in
            String(decoding: try! JSONSerialization.data(withJSONObject: [
                "id": example.prompt.id, "task": "arithmetic", "prompt": example.prompt.text, "answer": example.answer,
            ]), as: UTF8.self)
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: dev)
        return dev
    }

    /// Stops the gate, so that only operators decide from now on.
    func stopGate() { gate.stop() }

    /// Runs `tao <arguments>` against the run (an operator's command) and returns its output.
    func operatorCommand(_ arguments: [String], expectFailure: Bool = false) throws -> String {
        let command = try ChildLog.tao(arguments + operatorArguments, in: work, name: "operator-\(UUID())")
        command.process.waitUntilExit()
        #expect((command.process.terminationStatus != 0) == expectFailure, "\(arguments): \(command.log)")
        return command.log
    }

    /// The warm-started base, trained once per machine and kept in the temporary directory (both tests, and reruns,
    /// start from the same one).
    static func base() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-flywheel-base-\(warmStart.cacheKey(task: task.name))")
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) {
            let partial = directory.appendingPathExtension("partial-\(UUID())")
            try await SupervisedWarmStart.trainAndSave(task: task, settings: warmStart, to: partial)
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.moveItem(at: partial, to: directory)
        }
        return directory
    }

    /// The easy-arithmetic base of docs/results.md's small experiment (20 % greedy pass@1 on held-out prompts, in
    /// about 30 s): room to gain and to lose.
    static let warmStart = WarmStartSettings()

    /// Waits until an answer's version header satisfies `accept`; returns that header.
    @discardableResult
    func waitForServing(_ what: String, _ accept: @escaping (String) -> Bool) async throws -> String {
        var seen: String?
        do {
            try await eventually("tao serve answers with \(what)", within: .seconds(240), polling: .milliseconds(500)) {
                try sendTraffic(1, wait: true)
                seen = try answeredVersions().last ?? nil
                return seen.map(accept) ?? false
            }
            return seen!
        } catch {
            Issue.record("\(error)\n\(logs)")
            throw error
        }
    }

    /// Runs the openai client for `count` requests (in the background unless `wait`).
    func sendTraffic(_ count: Int, wait: Bool = false) throws {
        let client = try ChildLog.python(
            ["flywheel_client.py", String(port), traffic.path, String(count)], in: work, name: "client-\(clients.count)")
        clients.append(client)
        if wait { client.process.waitUntilExit() }
    }

    /// The version header of every answer so far, in order.
    func answeredVersions() throws -> [String?] {
        for client in clients { client.process.waitUntilExit() }
        return clients.flatMap { $0.lines }.compactMap { line -> String?? in
            guard let data = line.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return .some(object["version"] as? String)
        }
    }

    var decisions: [Decision] {
        gate.lines.compactMap { try? JSONDecoder().decode(Decision.self, from: Data($0.utf8)) }
    }

    func waitForDecision(_ matches: @escaping (Decision) -> Bool) async throws -> Decision {
        var found: Decision?
        do {
            try await eventually("the gate decides", within: .seconds(400), polling: .milliseconds(500)) {
                found = decisions.first(where: matches)
                if found == nil, decisions.count > 0, !clients.contains(where: { $0.process.isRunning }) {
                    try sendTraffic(10)  // keep traffic flowing while the fleet tunes
                }
                return found != nil
            }
        } catch {
            Issue.record("\(error)\n\(logs)")
            throw error
        }
        return found!
    }

    /// The ends of every process's output, for a failure's report.
    var logs: String {
        let fleet = (try? String(contentsOf: work.appendingPathComponent("run/fleet.log"), encoding: .utf8)) ?? ""
        return ["up": up.log, "gate": gate.log, "serve": serve.log, "client": clients.last?.log ?? "", "fleet.log": fleet]
            .sorted { $0.key < $1.key }.map { "--- \($0.key) ---\n\($0.value.suffix(2500))" }.joined(separator: "\n")
    }

    func stop() {
        for child in clients + [serve, gate, up] { child.stop() }
        try? FileManager.default.removeItem(at: work)
    }
}
