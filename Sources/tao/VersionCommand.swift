import ArgumentParser

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print tao's version.")

    func run() {
        print("tao 0.1.0")
    }
}
