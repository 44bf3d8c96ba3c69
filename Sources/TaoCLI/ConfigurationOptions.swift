import ArgumentParser
import Foundation
import RunConfiguration

/// `--config FILE`, `--set key=value` and `--dry-run`: every command that runs part of a fleet reads its settings
/// through these, so one YAML file configures them all. Pull them in with `@OptionGroup var config: ConfigurationOptions`.
public struct ConfigurationOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "The run configuration: a YAML file (docs/configuration.md lists every key).",
        discussion: "Environment variables (TAO_<SECTION>_<KEY>) override the file, and flags override both.",
        valueName: "file"))
    public var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override one configuration key, e.g. --set generator.temperature=0.7 (repeatable).",
                           valueName: "key=value"))
    public var overrides: [String] = []

    @Flag(help: "Print the resolved configuration, with where each value came from, and exit.")
    public var dryRun = false

    public init() {}

    public func validate() throws {
        for text in overrides {
            do { _ = try ConfigurationOverride.parseSet(text) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The configuration from the file, the environment, `flags` (the command's typed flags that were given) and
    /// `--set`, with `required` keys present. With `--dry-run` it prints the report and exits.
    public func resolve(
        command: String, flags: [ConfigurationOverride], requiring required: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ResolvedConfiguration {
        let sets = try overrides.map { try ConfigurationOverride.parseSet($0) }
        // A ConfigurationError says the key, the source and what is allowed; it is thrown as it is (not as a
        // ValidationError, whose usage text would bury it).
        let resolved = try ConfigurationResolver.resolve(
            file: config, environment: environment, overrides: flags + sets, requiring: dryRun ? [] : required)
        for warning in resolved.warnings { FileHandle.standardError.write(Data("\(command): \(warning)\n".utf8)) }
        if dryRun { throw CleanExit.message(ConfigurationReport.dryRun(resolved, command: command)) }
        return resolved
    }
}
