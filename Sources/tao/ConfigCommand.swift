import ArgumentParser
import RunConfiguration
import TaoCLI

/// `tao config`: the run configuration's reference, and a check of a configuration file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The run configuration: check a file, or print the reference of every key.",
        subcommands: [Check.self, Reference.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a run configuration as every command would (file, then TAO_* variables, then --set) and print it.",
            discussion: "Exits non-zero with the key, the file and line, and what is allowed, if anything is wrong.")

        @OptionGroup var config: ConfigurationOptions

        func run() throws {
            let resolved = try config.resolve(command: "tao config check", flags: [])
            print(ConfigurationReport.dryRun(resolved, command: "tao config check"))
        }
    }

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every configuration key as Markdown (what docs/configuration.md holds).")

        func run() { print(ConfigurationReport.markdownReference(), terminator: "") }
    }
}
