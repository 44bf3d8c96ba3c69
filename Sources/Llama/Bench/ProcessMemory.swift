import Foundation

/// Memory figures of the current process.
public enum ProcessMemory {
    /// Peak resident set size so far, in MiB (`getrusage`; Linux reports KiB, macOS bytes).
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(macOS)
        return Double(usage.ru_maxrss) / 1_048_576
        #else
        return Double(usage.ru_maxrss) / 1024
        #endif
    }
}
