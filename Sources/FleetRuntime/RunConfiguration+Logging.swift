import Logging
import Observability
import RunConfiguration

extension RunConfiguration.Log {
    /// Makes `log.format` and `log.level` the process's logging (once per process; call it before making loggers).
    public func bootstrap() {
        ProcessLogging.bootstrap(
            format: format == .json ? .json : .text, level: Logger.Level(rawValue: level.rawValue) ?? .info)
    }
}
